using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// The tables of the read models and of presence, declared to Marten as Weasel schema objects: start-up (resources
/// setup) and <c>db-apply</c> create them with Marten's, <c>db-assert</c> checks them. A rebuild creates the same
/// tables under <see cref="RebuildSuffix"/> and swaps them in (<see cref="ReadModelRebuild"/>).
/// </summary>
public static class ReadModelTables
{
    /// <summary>What a rebuild's tables are called beside the live ones until the swap.</summary>
    public const string RebuildSuffix = "__rebuild";

    /// <summary>The schema-qualified name of read-model table <paramref name="name"/>.</summary>
    public static string Qualified(string name) => $"{MartenSetup.Schema}.{name}";

    /// <summary>
    /// Raises <c>read model moved</c> unless <c>ok</c>: a projection batch relies in its own transaction on what it
    /// read before (the tables it read are still the live ones), so that a batch racing a rebuild's swap is rolled back
    /// and applied again, read afresh, instead of writing its changes over tables it did not read.
    /// </summary>
    public static readonly string Expect = Qualified("read_model_expect");

    public static IEnumerable<ISchemaObject> Presence()
    {
        var presence = new Table(Name("presence", SchemaUtils.IdentifierUsage.General))
        {
            PrimaryKeyName = "presence_pkey",
        };
        presence.AddColumn("connection_id", "text").AsPrimaryKey();
        presence.AddColumn("strategy_id", "uuid").AsPrimaryKey();
        presence.AddColumn("node", "text").NotNull();
        presence.AddColumn("user_name", "text").NotNull();
        presence.AddColumn("display_name", "text").NotNull();
        presence.AddColumn("role", "text").NotNull();
        presence.AddColumn("editing", "uuid").AllowNulls();
        presence.AddColumn("seen", "timestamptz").NotNull().DefaultValueByExpression("now()");
        presence.Indexes.Add(new IndexDefinition("presence_strategy") { Columns = ["strategy_id"] });
        presence.Indexes.Add(new IndexDefinition("presence_node") { Columns = ["node"] });
        yield return presence;
        // As PostgreSQL prints it back (pg_get_functiondef), so that db-assert finds it unchanged.
        yield return new Function(Name("read_model_expect", SchemaUtils.IdentifierUsage.Function), $"""
            CREATE OR REPLACE FUNCTION {Expect}(ok boolean, what text)
             RETURNS void
             LANGUAGE plpgsql
            AS $function$
            begin
              if not ok then raise exception 'read model moved: %', what using errcode = 'PP001'; end if;
            end
            $function$;
            """);
    }

    public static PostgresqlObjectName Name(string name, SchemaUtils.IdentifierUsage usage) =>
        new(MartenSetup.Schema, name, usage);

    /// <summary>Starts a table definition: columns "name type" (with "null" for a nullable one), the first
    /// <paramref name="keyColumns"/> of them the primary key.</summary>
    public static ReadModelTable Define(string name, string suffix, int keyColumns, params string[] columns)
    {
        var table = new ReadModelTable(name, suffix);
        for (var i = 0; i < columns.Length; i++)
        {
            var parts = columns[i].Split(' ', 2);
            var nullable = parts[1].EndsWith(" null", StringComparison.Ordinal);
            var column = table.AddColumn(parts[0], nullable ? parts[1][..^5] : parts[1]);
            if (i < keyColumns) column.AsPrimaryKey();
            else if (nullable) column.AllowNulls();
            else column.NotNull();
        }
        return table;
    }
}

/// <summary>
/// A read-model table named by its live name plus a suffix (none, or a rebuild's), whose primary key and indexes are
/// named after it, so that a swap renames them to the live names. Columns listed in <see cref="Lz4"/> are compressed
/// with lz4 (several times cheaper than PostgreSQL's default pglz for the documents written at every change); Weasel
/// does not compare compression, so it is set after creating the table.
/// </summary>
public sealed class ReadModelTable : Table
{
    public ReadModelTable(string name, string suffix)
        : base(ReadModelTables.Name(name + suffix, SchemaUtils.IdentifierUsage.General))
    {
        LiveName = name;
        Suffix = suffix;
        PrimaryKeyName = $"{name}{suffix}_pkey";
    }

    public string LiveName { get; }

    public string Suffix { get; }

    public List<string> Lz4 { get; } = [];

    /// <summary>Adds an index named <c>{table}_ix{n}</c>; <paramref name="method"/> gin for array columns.</summary>
    public ReadModelTable Index(IndexMethod method, params string[] columns)
    {
        Indexes.Add(new IndexDefinition($"{LiveName}{Suffix}_ix{Indexes.Count}")
        {
            Columns = columns,
            Method = method,
        });
        return this;
    }

    public ReadModelTable Index(params string[] columns) => Index(IndexMethod.btree, columns);

    public ReadModelTable Compressed(string column)
    {
        Lz4.Add(column);
        return this;
    }

    public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        base.WriteCreateStatement(migrator, writer);
        foreach (var column in Lz4)
            writer.WriteLine($"alter table {Identifier} alter column {column} set compression lz4;");
    }

    /// <summary>Statements that make this rebuilt table the live one, its key and indexes named as the live
    /// ones.</summary>
    public IEnumerable<string> SwapIn()
    {
        var live = ReadModelTables.Qualified(LiveName);
        yield return $"drop table if exists {live}";
        yield return $"alter table {Identifier} rename to {LiveName}";
        yield return $"alter table {live} rename constraint {PrimaryKeyName} to {LiveName}_pkey";
        for (var i = 0; i < Indexes.Count; i++)
            yield return $"alter index {MartenSetup.Schema}.{LiveName}{Suffix}_ix{i} rename to {LiveName}_ix{i}";
    }
}

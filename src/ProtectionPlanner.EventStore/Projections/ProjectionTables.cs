using Npgsql;

namespace ProtectionPlanner.EventStore.Projections;

/// <summary>Creates read-model tables and swaps rebuilt ones in.</summary>
internal static class ProjectionTables
{
    public const string Schema = "read_models";
    private const string RebuildSuffix = "__rebuild";

    public static string Physical(string name, bool rebuilding) => $"{Schema}.\"{name}{(rebuilding ? RebuildSuffix : "")}\"";

    public static void Validate(ReadModelTable table)
    {
        EventTypeRegistry.ValidateName(table.Name, nameof(table));
        if (table.Name.Length > 40 || table.Name.Contains('.'))
            throw new ArgumentException($"Read-model table name '{table.Name}' must be at most 40 characters without '.'.", nameof(table));
    }

    /// <summary>Creates the live tables when missing (a new projection fills them from position 0).</summary>
    public static async Task CreateLiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IProjection projection, CancellationToken cancellationToken)
    {
        foreach (var table in projection.Tables)
            await ExecuteAsync(connection, transaction, CreateSql(table, rebuilding: false, ifNotExists: true), cancellationToken);
    }

    /// <summary>Drops what an earlier rebuild left and creates empty rebuild tables.</summary>
    public static async Task CreateRebuildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IProjection projection, CancellationToken cancellationToken)
    {
        foreach (var table in projection.Tables)
        {
            await ExecuteAsync(connection, transaction, $"drop table if exists {Physical(table.Name, rebuilding: true)}", cancellationToken);
            await ExecuteAsync(connection, transaction, CreateSql(table, rebuilding: true, ifNotExists: false), cancellationToken);
        }
    }

    /// <summary>Replaces each live table by its rebuilt one, renaming the indexes to the live names.</summary>
    public static async Task SwapAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IProjection projection, CancellationToken cancellationToken)
    {
        foreach (var table in projection.Tables)
        {
            await ExecuteAsync(connection, transaction, $"""
                drop table if exists {Physical(table.Name, rebuilding: false)};
                alter table {Physical(table.Name, rebuilding: true)} rename to "{table.Name}";
                """, cancellationToken);
            var indexes = new List<string>();
            await using (var query = new NpgsqlCommand(
                "select indexname from pg_indexes where schemaname = @schema and tablename = @table", connection, transaction))
            {
                query.Parameters.AddWithValue("schema", Schema);
                query.Parameters.AddWithValue("table", table.Name);
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) indexes.Add(reader.GetString(0));
            }
            var prefix = table.Name + RebuildSuffix;
            foreach (var index in indexes.Where(index => index.StartsWith(prefix, StringComparison.Ordinal)))
                await ExecuteAsync(connection, transaction,
                    $"alter index {Schema}.\"{index}\" rename to \"{table.Name}{index[prefix.Length..]}\"", cancellationToken);
        }
    }

    private static string CreateSql(ReadModelTable table, bool rebuilding, bool ifNotExists)
    {
        var name = table.Name + (rebuilding ? RebuildSuffix : "");
        var exists = ifNotExists ? "if not exists " : "";
        var statements = new List<string> { $"create table {exists}{Schema}.\"{name}\" ({table.Columns})" };
        for (var i = 0; i < table.Indexes.Length; i++)
        {
            var definition = table.Indexes[i].Trim();
            var unique = definition.StartsWith("unique ", StringComparison.OrdinalIgnoreCase);
            if (unique) definition = definition["unique ".Length..];
            statements.Add($"create {(unique ? "unique " : "")}index {exists}\"{name}_ix{i}\" on {Schema}.\"{name}\" {definition}");
        }
        return string.Join(";\n", statements);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

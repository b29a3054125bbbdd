using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using ProtectionPlanner.Server.Hosting;
using Weasel.Core.Migrations;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// The schema this build expects of Marten's database (events, documents, the read models' tables), as one hash of
/// every object's DDL, kept in the database when applied. A node whose start finds it unchanged skips comparing the
/// schema object by object (0.8-1.3 s of a start on a busy machine: catalog queries and CPU); `migrate` always
/// compares, and readiness compares again every <c>Planner:Health:SchemaCheckSeconds</c>, so a schema changed by hand
/// is still seen. Wolverine's message store is applied at each start as before (about 0.1 s).
/// </summary>
public static class SchemaFingerprint
{
    private const string Table = $"{MartenSetup.Schema}.schema_fingerprint";

    /// <summary>The databases the fingerprint covers.</summary>
    public static IReadOnlyList<IDatabase> Databases(IServiceProvider services) =>
        [services.GetRequiredService<IDocumentStore>().Storage.Database];

    public static string Of(IEnumerable<IDatabase> databases)
    {
        var ddl = new StringWriter();
        foreach (var database in databases)
        foreach (var schemaObject in database.AllObjects())
            schemaObject.WriteCreateStatement(database.Migrator, ddl);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ddl.ToString())));
    }

    /// <summary>The fingerprint last applied to the database; null when none was.</summary>
    public static async Task<string?> StoredAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var read = dataSource.CreateCommand($"select fingerprint from {Table} where id = 1");
        try
        {
            return await read.ExecuteScalarAsync(ct) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    public static async Task StoreAsync(NpgsqlDataSource dataSource, string fingerprint, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"create table if not exists {Table} "
            + "(id int primary key, fingerprint text not null, applied timestamptz)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            insert into {Table} (id, fingerprint, applied) values (1, $1, now())
            on conflict (id) do update set fingerprint = excluded.fingerprint, applied = excluded.applied
            """) { Parameters = { new NpgsqlParameter { Value = fingerprint } } });
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation
                                              or PostgresErrorCodes.DuplicateTable)
        {
            // Another node creating the table at the same moment, for the same schema.
        }
    }
}

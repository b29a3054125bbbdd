using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ProtectionPlanner.EventStore.Migrations;

/// <summary>One versioned schema change of a module.</summary>
/// <param name="Version">1, 2, 3, ... within the module.</param>
/// <param name="Name">A short description.</param>
/// <param name="Sql">The change; it runs in one transaction.</param>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>Reads migrations named <c>NNN_name.sql</c> from an assembly's embedded resources under <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<Migration> FromResources(Assembly assembly, string prefix) =>
        assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(prefix, StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                var fileName = resource[prefix.Length..^".sql".Length];
                var separator = fileName.IndexOf('_');
                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                return new Migration(int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture), fileName[(separator + 1)..], reader.ReadToEnd());
            })
            .OrderBy(migration => migration.Version)
            .ToList();
}

/// <summary>
/// Applies versioned migrations. Idempotent, and safe when several processes start at once: they queue on an
/// advisory lock, and each applies only what is not yet recorded. An applied migration whose text changed is refused.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Advisory-lock namespace (first key) of migrations; the second key is the module's hash.</summary>
    public const int LockNamespace = 0x45530001;

    /// <summary>Applies the migrations of <paramref name="module"/> that are not applied yet, in version order.</summary>
    public static async Task ApplyAsync(
        NpgsqlDataSource dataSource, string module, IReadOnlyList<Migration> migrations,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "select pg_advisory_lock(@ns, hashtext(@module))", cancellationToken, ("ns", LockNamespace), ("module", module));
        try
        {
            await ExecuteAsync(connection, null, """
                create schema if not exists eventstore;
                create table if not exists eventstore.schema_migrations (
                    module text not null,
                    version integer not null,
                    name text not null,
                    checksum text not null,
                    applied timestamptz not null default now(),
                    primary key (module, version));
                """, cancellationToken);

            var applied = new Dictionary<int, string>();
            await using (var query = new NpgsqlCommand("select version, checksum from eventstore.schema_migrations where module = @module", connection))
            {
                query.Parameters.AddWithValue("module", module);
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) applied[reader.GetInt32(0)] = reader.GetString(1);
            }

            foreach (var migration in migrations)
            {
                var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migration.Sql)));
                if (applied.TryGetValue(migration.Version, out var appliedChecksum))
                {
                    if (appliedChecksum != checksum)
                        throw new InvalidOperationException(
                            $"Migration {module} {migration.Version:000} '{migration.Name}' changed after it was applied; add a new migration instead.");
                    continue;
                }
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction,
                    "insert into eventstore.schema_migrations (module, version, name, checksum) values (@module, @version, @name, @checksum)",
                    cancellationToken, ("module", module), ("version", migration.Version), ("name", migration.Name), ("checksum", checksum));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Module} {Version:000} {Name}", module, migration.Version, migration.Name);
            }
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecuteAsync(connection, null, "select pg_advisory_unlock(@ns, hashtext(@module))", CancellationToken.None, ("ns", LockNamespace), ("module", module));
        }
    }

    /// <summary>True when every migration of <paramref name="module"/> is recorded as applied.</summary>
    public static async Task<bool> IsUpToDateAsync(
        NpgsqlDataSource dataSource, string module, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            select count(*) from eventstore.schema_migrations where module = @module and version = any(@versions)
            """);
        command.Parameters.AddWithValue("module", module);
        command.Parameters.AddWithValue("versions", migrations.Select(migration => migration.Version).ToArray());
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! == migrations.Count;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

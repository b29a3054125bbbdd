using Microsoft.Extensions.Logging;
using Npgsql;
using ProtectionPlanner.EventStore.Migrations;

namespace ProtectionPlanner.EventStore;

/// <summary>The event store's schema: its migrations and the start-up repair after a logical restore.</summary>
public static class EventStoreSchema
{
    /// <summary>The migration module name of the event store.</summary>
    public const string Module = "eventstore";

    /// <summary>The store's migrations, embedded in this assembly.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
        Migration.FromResources(typeof(EventStoreSchema).Assembly, "ProtectionPlanner.EventStore.Migrations.");

    /// <summary>
    /// Applies pending migrations (safe when several processes start at once), then makes sure new positions sort
    /// after every existing event: after a pg_dump restore into a fresh cluster, transaction ids start low again.
    /// </summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        await SchemaMigrator.ApplyAsync(dataSource, Module, Migrations, logger, cancellationToken);
        await using var repair = dataSource.CreateCommand("select eventstore.repair_position_base()");
        if (await repair.ExecuteScalarAsync(cancellationToken) is long moved)
            logger?.LogWarning("Events sorted after the transaction horizon (a restored database?); position base moved to {Base}", moved);
    }

    /// <summary>True when the store's schema is fully migrated.</summary>
    public static Task<bool> IsUpToDateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrator.IsUpToDateAsync(dataSource, Module, Migrations, cancellationToken);
}

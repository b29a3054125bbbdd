using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Migrations;

namespace ProtectionPlanner.Server.Operations;

/// <summary>The app's schema: the event store's migrations, then the app's own (<c>Migrations/*.sql</c>, module "planner").</summary>
public static class PlannerSchema
{
    public const string Module = "planner";

    public static IReadOnlyList<Migration> Migrations { get; } =
        Migration.FromResources(typeof(PlannerSchema).Assembly, "ProtectionPlanner.Server.Migrations.");

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        await EventStoreSchema.MigrateAsync(dataSource, logger, cancellationToken);
        await SchemaMigrator.ApplyAsync(dataSource, Module, Migrations, logger, cancellationToken);
    }

    public static async Task<bool> IsUpToDateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        await EventStoreSchema.IsUpToDateAsync(dataSource, cancellationToken)
        && await SchemaMigrator.IsUpToDateAsync(dataSource, Module, Migrations, cancellationToken);
}

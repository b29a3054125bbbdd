using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;

namespace ProtectionPlanner.Server.Operations;

/// <summary>Whether this process has brought the schema up to date.</summary>
public sealed class SchemaState
{
    private readonly TaskCompletionSource migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsMigrated => migrated.Task.IsCompleted;

    public Task Migrated => migrated.Task;

    public void MarkMigrated() => migrated.TrySetResult();
}

/// <summary>
/// Brings the schema up to date (Marten's and Wolverine's tables, and the app's own) before the rest of the host starts,
/// retrying while the database is unreachable: the web server is up by then, so liveness answers and readiness says
/// 503 until the schema is in place; Wolverine and the projection daemon start after it.
/// </summary>
public sealed class Migrations(IServiceProvider services, SchemaState schema, ILogger<Migrations> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await ApplyAsync(services, cancellationToken);
                schema.MarkMigrated();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Database not reachable for migrations ({Error}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What <c>resources setup</c> does (Marten's schema, Wolverine's message storage), and the app's own.</summary>
    public static async Task ApplyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ProtectionPlanner");
        await PlannerSchema.MigrateAsync(services.GetRequiredService<NpgsqlDataSource>(), logger, cancellationToken);
        foreach (var part in services.GetServices<JasperFx.CommandLine.Descriptions.ISystemPart>())
        foreach (var resource in await part.FindResources())
        {
            await resource.Setup(cancellationToken);
            logger.LogInformation("Applied the schema of {Resource}", resource.Name);
        }
    }
}

/// <summary>
/// Runs the projection daemon once the schema is migrated: every node runs one and each projection runs on one node at
/// a time. <c>Planner:Projections:Enabled=false</c> makes an API-only node.
/// </summary>
public sealed class ProjectionHost(
    EventStore.EventStore store, IEnumerable<IProjection> projections, SchemaState schema, IConfiguration configuration,
    ILogger<ProjectionDaemon> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Planner:Projections:Enabled", true)) return;
        try
        {
            await schema.Migrated.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await using var daemon = new ProjectionDaemon(store, projections, logger: logger);
        await daemon.StartAsync(stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        await daemon.StopAsync();
    }
}

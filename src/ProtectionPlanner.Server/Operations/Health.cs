using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;

namespace ProtectionPlanner.Server.Operations;

/// <summary>The readiness checks' shared bound: a check that gets no answer within it reports the database unreachable.</summary>
internal static class ReadinessCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public const string Unreachable = "The database is not reachable.";

    public static bool IsUnreachable(Exception e) => e is NpgsqlException or OperationCanceledException or TimeoutException or IOException;

    public static async Task<HealthCheckResult> RunAsync(Func<CancellationToken, Task<HealthCheckResult>> check, string unreachable, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await check(timeout.Token);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            return HealthCheckResult.Unhealthy(unreachable);
        }
    }
}

/// <summary>Ready when the database answers within two seconds.</summary>
public sealed class DatabaseCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessCheck.RunAsync(async token =>
        {
            await using var ping = dataSource.CreateCommand("select 1");
            await ping.ExecuteScalarAsync(token);
            return HealthCheckResult.Healthy("The database answers.");
        }, ReadinessCheck.Unreachable, cancellationToken);
}

/// <summary>Ready when every migration this build knows (the event store's and the app's) is applied.</summary>
public sealed class MigrationsCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessCheck.RunAsync(async token =>
        {
            var known = EventStoreSchema.Migrations.Select(m => (Module: EventStoreSchema.Module, Migration: m))
                .Concat(PlannerSchema.Migrations.Select(m => (Module: PlannerSchema.Module, Migration: m)))
                .ToList();
            var applied = new HashSet<(string, int)>();
            try
            {
                await using var query = dataSource.CreateCommand("select module, version from eventstore.schema_migrations");
                await using var reader = await query.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token)) applied.Add((reader.GetString(0), reader.GetInt32(1)));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Nothing migrated yet.
            }
            var pending = known.Where(k => !applied.Contains((k.Module, k.Migration.Version))).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"All {known.Count} migrations are applied.")
                : HealthCheckResult.Unhealthy(
                    $"The schema is not migrated yet: {pending.Count} of {known.Count} migrations pending ({string.Join(", ", pending.Select(p => $"{p.Module} {p.Migration.Version:000}_{p.Migration.Name}"))}).");
        }, $"Not checked: {ReadinessCheck.Unreachable}", cancellationToken);
}

/// <summary>
/// Ready when no projection is stalled: one recorded as faulted (or whose rebuild failed), or whose oldest unapplied
/// event is older than <c>Planner:Health:ProjectionStallSeconds</c> (default 60): its read models fall behind the
/// writes for good. A projection this build knows that no node ever ran counts from the start of the feed.
/// </summary>
public sealed class ProjectionsCheck(NpgsqlDataSource dataSource, IEnumerable<IProjection> projections, IConfiguration configuration) : IHealthCheck
{
    public const int DefaultStallSeconds = 60;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessCheck.RunAsync(async token =>
        {
            var threshold = configuration.GetValue("Planner:Health:ProjectionStallSeconds", DefaultStallSeconds);
            await using var query = dataSource.CreateCommand($"""
                select known.name, p.state, p.rebuild_state, p.failed_position, coalesce(p.failed_type, ''), coalesce(p.error, ''),
                       {ProjectionControl.LagColumns("coalesce(p.position, 0)")},
                       p.name is null
                from unnest(@names) as known(name)
                left join eventstore.projections p on p.name = known.name
                order by known.name
                """);
            query.Parameters.AddWithValue("names", projections.Select(p => p.Name).ToArray());
            var states = new Dictionary<string, object>();
            var problems = new List<string>();
            await using (var reader = await query.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    var name = reader.GetString(0);
                    var (lagEvents, lagSeconds, unregistered) = (reader.GetInt64(6), reader.GetDouble(7), reader.GetBoolean(8));
                    var failure = reader.IsDBNull(3) ? "" :
                        $" at event {reader.GetInt64(3)} ({reader.GetString(4)}): {reader.GetString(5).Split('\n')[0].Trim()}";
                    var lag = string.Create(CultureInfo.InvariantCulture, $"{lagEvents} events behind, the oldest for {lagSeconds:0} s");
                    var problem =
                        !reader.IsDBNull(1) && reader.GetString(1) == "faulted" ? $"faulted{failure}"
                        : !reader.IsDBNull(2) && reader.GetString(2) == "failed" ? $"its rebuild failed{failure}"
                        : lagSeconds > threshold ? $"stalled: {lag} (more than {threshold} s){(unregistered ? "; no node has started it" : "")}"
                        : null;
                    states[name] = problem ?? (lagEvents == 0 ? "caught up" : lag);
                    if (problem is not null) problems.Add($"{name} {problem}");
                }
            }
            return problems.Count == 0
                ? HealthCheckResult.Healthy($"No projection is stalled or faulted ({states.Count} projections).", states)
                : HealthCheckResult.Unhealthy($"{string.Join("; ", problems)}.", data: states);
        }, $"Not checked: {ReadinessCheck.Unreachable}", cancellationToken);
}

/// <summary>A health report: overall status and each check's.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

/// <summary>One check's status, why, and details (for <c>projections</c>: each projection's state).</summary>
public sealed record HealthCheckResponse(string Status, string? Description, IReadOnlyDictionary<string, object>? Data = null);

public static class Health
{
    /// <summary>Registers the readiness checks: <c>database</c>, <c>migrations</c>, <c>projections</c>.</summary>
    public static IHealthChecksBuilder AddReadinessChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<DatabaseCheck>("database", tags: ["ready"])
        .AddCheck<MigrationsCheck>("migrations", tags: ["ready"])
        .AddCheck<ProjectionsCheck>("projections", tags: ["ready"]);

    /// <summary>
    /// <c>/health/live</c>: the process serves requests (restart it when this fails); it asks nothing of the database.
    /// <c>/health/ready</c>: it can do its work (send it traffic only while this is 200).
    /// </summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new HealthResponse("Healthy", new Dictionary<string, HealthCheckResponse>())))
            .WithSummary("Liveness: 200 while the process serves requests.");
        health.MapGet("/ready", async (HealthCheckService checks, CancellationToken cancellationToken) =>
            {
                var report = await checks.CheckHealthAsync(check => check.Tags.Contains("ready"), cancellationToken);
                var response = new HealthResponse(report.Status.ToString(), report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new HealthCheckResponse(entry.Value.Status.ToString(), entry.Value.Description,
                        entry.Value.Data.Count == 0 ? null : entry.Value.Data)));
                return report.Status == HealthStatus.Healthy
                    ? Results.Ok(response)
                    : Results.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: 200 when the database answers, every migration is applied and no projection is stalled or faulted; 503 naming each failed check otherwise.");
    }
}

using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using JasperFx.Events.Daemon;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Wolverine.Runtime;

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

/// <summary>
/// Ready when the database's schema matches this build, as <c>db-assert</c> compares it (Weasel): Marten's events,
/// documents and read-model tables, and Wolverine's message storage. Names the objects that differ. A comparison takes
/// a few hundred milliseconds of catalog queries, so a match (or this process's own migration at start) stands for
/// <c>Planner:Health:SchemaCheckSeconds</c> (default 30), and one comparison at a time serves every poll: a start is
/// ready without comparing again, and a flood of polls starts no flood of comparisons. A poll that the comparison
/// does not answer within the readiness bound reports the last match (a loaded node stays in its balancer).
/// </summary>
public sealed class MigrationsCheck(
    IDocumentStore store, IWolverineRuntime wolverine, SchemaState schema, IConfiguration configuration) : IHealthCheck
{
    public const int DefaultCheckSeconds = 30;

    private static readonly TimeSpan ComparisonBound = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!schema.IsMigrated)
            return HealthCheckResult.Unhealthy("This node has not applied the schema yet (it keeps trying); its "
                                               + "message handling and projections start once it has.");
        var window = TimeSpan.FromSeconds(
            configuration.GetValue("Planner:Health:SchemaCheckSeconds", DefaultCheckSeconds));
        if (schema.MatchedAgo is { } ago && ago < window) return Matched(ago, "");
        var comparison = schema.Compare(CompareAsync);
        try
        {
            return await comparison.WaitAsync(ReadinessCheck.Timeout, cancellationToken);
        }
        catch (TimeoutException) when (schema.MatchedAgo is { } last)
        {
            return Matched(last, "; it is being compared again");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Not checked: {ReadinessCheck.Unreachable}");
        }
    }

    private static HealthCheckResult Matched(TimeSpan ago, string more) => HealthCheckResult.Healthy(
        string.Create(CultureInfo.InvariantCulture,
            $"The schema matched this build {ago.TotalSeconds:0} s ago{more}."));

    private async Task<HealthCheckResult> CompareAsync()
    {
        using var bound = new CancellationTokenSource(ComparisonBound);
        try
        {
            var (objects, differing) = (0, new List<string>());
            foreach (var database in new object[] { store.Storage.Database, wolverine.Storage }.OfType<IDatabase>())
            {
                var migration = await database.CreateMigrationAsync(bound.Token);
                objects += migration.Deltas.Count;
                differing.AddRange(migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None)
                    .Select(d => $"{d.SchemaObject.Identifier} ({d.Difference.ToString().ToLowerInvariant()})"));
            }
            schema.Compared(matched: differing.Count == 0);
            return differing.Count == 0
                ? HealthCheckResult.Healthy($"The schema matches this build ({objects} objects).")
                : HealthCheckResult.Unhealthy($"The schema is not migrated yet: {differing.Count} of {objects} "
                                              + $"objects differ ({string.Join(", ", differing)}).");
        }
        catch (Exception e) when (ReadinessCheck.IsUnreachable(e))
        {
            return HealthCheckResult.Unhealthy($"Not checked: {ReadinessCheck.Unreachable}");
        }
    }
}

/// <summary>
/// Ready when no projection of the async daemon is stalled (<see cref="ProjectionProgress"/>): paused by a failure,
/// or with its oldest unapplied event older than <c>Planner:Health:ProjectionStallSeconds</c> (default 60): its read
/// models fall behind the writes for good. Events a projection skipped as dead letters (one bad event never stops the other streams' views) make the check
/// Degraded, still ready, naming them for an operator.
/// </summary>
public sealed class ProjectionsCheck(IDocumentStore store, NpgsqlDataSource dataSource, IConfiguration configuration)
    : IHealthCheck
{
    public const int DefaultStallSeconds = 60;

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessCheck.RunAsync(async token =>
        {
            var threshold = configuration.GetValue("Planner:Health:ProjectionStallSeconds", DefaultStallSeconds);
            var states = new SortedDictionary<string, object>(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var p in await ProjectionProgress.ReadAsync(store, dataSource, token))
            {
                var unregistered = p.Unregistered ? "; no node has started it" : "";
                var failure = p.FailedAt is { } at ? $" at event {at} ({p.FailureType})" : "";
                var lag = string.Create(CultureInfo.InvariantCulture,
                    $"{p.LagEvents} events behind, the oldest for {p.LagSeconds:0} s");
                var problem =
                    p.Paused ? $"faulted{failure}: {p.Reason}"
                    : p.LagSeconds > threshold ? $"stalled: {lag} (more than {threshold} s){unregistered}"
                    : null;
                states[p.Name] = problem ?? (p.LagEvents == 0 ? "caught up" : lag);
                if (problem is not null) problems.Add($"{p.Name} {problem}");
            }
            var deadLetters = await DeadLettersAsync(store, token);
            foreach (var (name, letters) in deadLetters)
                states[name] = $"{states.GetValueOrDefault(name) ?? "not run here"}; {letters}";
            if (problems.Count > 0)
                return HealthCheckResult.Unhealthy($"{string.Join("; ", problems)}.", data: states);
            return deadLetters.Count == 0
                ? HealthCheckResult.Healthy(
                    $"No projection is stalled or faulted ({states.Count} projections).", states)
                : HealthCheckResult.Degraded(
                    "Events skipped as dead letters: " +
                    $"{string.Join("; ", deadLetters.Select(d => $"{d.Key} {d.Value}"))}.",
                    data: states);
        }, $"Not checked: {ReadinessCheck.Unreachable}", cancellationToken);

    /// <summary>Per projection, its dead letters in a phrase naming the last one.</summary>
    public static async Task<Dictionary<string, string>> DeadLettersAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var letters = await session.Query<DeadLetterEvent>()
            .OrderByDescending(d => d.Timestamp).Take(1000).ToListAsync(ct);
        return letters.GroupBy(d => d.ProjectionName).ToDictionary(g => g.Key, g =>
        {
            var last = g.First();
            var count = g.Count() == 1 ? "1 dead letter" : $"{g.Count()} dead letters";
            return string.Create(CultureInfo.InvariantCulture,
                $"{count}, the last at event {last.EventSequence} ({last.ExceptionType})");
        });
    }
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
                // Degraded (events isolated as dead letters) still serves: the other streams' views are current.
                return report.Status != HealthStatus.Unhealthy
                    ? Results.Ok(response)
                    : Results.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: 200 when the database answers, every migration is applied and no projection is " +
                "stalled or faulted (status Degraded while events sit as dead letters); 503 naming each failed check " +
                "otherwise.");
    }
}

/// <summary>
/// A projection's progress under the daemon: paused by a failure (Marten's extended progression tracking, so any node
/// sees it), and its lag, from its shard's row in Marten's progression table; one no node ever ran counts from the
/// start. The lag is counted up to 10,000 events (counting costs as much as the lag); its age is what alerts watch.
/// </summary>
public sealed record ProjectionProgress(
    string Name, bool Paused, long? FailedAt, string FailureType, string Reason, long LagEvents, double LagSeconds,
    bool Unregistered)
{
    public static async Task<List<ProjectionProgress>> ReadAsync(
        IDocumentStore store, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var shards = ((DocumentStore)store).Options.Projections.AllShards()
            .ToDictionary(shard => shard.Name.Identity, shard => shard.Name.Name);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var query = dataSource.CreateCommand($"""
            select s.identity, coalesce(p.agent_status = 'Paused', false), p.failure_event_sequence,
                   coalesce(p.failure_event_type, ''), coalesce(p.pause_reason, ''),
                   (select count(*) from (select 1 from {schema}.mt_events e
                                          where e.seq_id > coalesce(p.last_seq_id, 0) limit 10000) pending),
                   coalesce(extract(epoch from now() - (select e.timestamp from {schema}.mt_events e
                       where e.seq_id > coalesce(p.last_seq_id, 0) order by e.seq_id limit 1)), 0)::float8,
                   p.name is null
            from unnest(@shards) as s(identity)
            left join {schema}.mt_event_progression p on p.name = s.identity
            """);
        query.Parameters.AddWithValue("shards", shards.Keys.ToArray());
        var progress = new List<ProjectionProgress>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            progress.Add(new ProjectionProgress(
                shards[reader.GetString(0)], reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetString(3), reader.GetString(4).Split('\n')[0].Trim(), reader.GetInt64(5), reader.GetDouble(6),
                reader.GetBoolean(7)));
        return progress;
    }
}

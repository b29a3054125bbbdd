using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using ProtectionPlanner.EventStore;

namespace ProtectionPlanner.Server.Operations;

/// <summary>Ready when the database answers within two seconds and the schema is migrated.</summary>
public sealed class Readiness(NpgsqlDataSource dataSource, SchemaState schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            if (!schema.IsMigrated && !await PlannerSchema.IsUpToDateAsync(dataSource, timeout.Token))
                return HealthCheckResult.Unhealthy("The database is reachable but its schema is not migrated yet.");
            await using var ping = dataSource.CreateCommand("select 1");
            await ping.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("The database answers and the schema is migrated.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or IOException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.");
        }
    }
}

/// <summary>A health report: overall status and each check's.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

/// <summary>One check's status and what it means.</summary>
public sealed record HealthCheckResponse(string Status, string? Description);

public static class Health
{
    /// <summary>
    /// <c>/health/live</c>: the process serves requests (restart it when this fails).
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
                    entry => entry.Key, entry => new HealthCheckResponse(entry.Value.Status.ToString(), entry.Value.Description)));
                return report.Status == HealthStatus.Healthy
                    ? Results.Ok(response)
                    : Results.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: 200 when the database is reachable and migrated, 503 otherwise.");
    }
}

using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// The command benchmark's baseline (docs/performance.md, <c>command_vs_bare_ratio</c>): one event appended to a
/// Marten stream by a Wolverine endpoint behind the same authentication, without what a planning command adds (the
/// mission's authorization, the stream's lock and fold, the decision, item versions, idempotency). Release builds load
/// only pre-generated handler code, so the route is generated with the others; it serves only a server started with
/// <c>Planner:Benchmark:BareEndpoint=true</c>, answers any other as an unknown route does (404), and is left out of
/// the OpenAPI document.
/// </summary>
public static class BareAppendEndpoint
{
    public const string Setting = "Planner:Benchmark:BareEndpoint";

    public static ProblemDetails Before(IConfiguration configuration) =>
        configuration.GetValue<bool>(Setting)
            ? WolverineContinue.NoProblems
            : new ProblemDetails { Status = 404, Type = "/problems/not-found", Title = "Not Found" };

    [ExcludeFromDescription]
    [WolverinePost("/api/benchmark/streams/{streamId:guid}/events")]
    public static async Task<BareAppended> Post(Guid streamId, IDocumentSession session, CancellationToken ct)
    {
        var appended = new BareAppended(streamId, DateTimeOffset.UtcNow);
        session.Events.Append(streamId, appended);
        await session.SaveChangesAsync(ct);
        return appended;
    }
}

public sealed record BareAppended(Guid StreamId, DateTimeOffset At);

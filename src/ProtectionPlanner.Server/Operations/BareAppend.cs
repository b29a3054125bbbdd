using JasperFx.Core.TypeScanning;
using Marten;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// The command benchmark's baseline (docs/performance.md, <c>command_vs_bare_ratio</c>): one event appended to a
/// Marten stream by a Wolverine endpoint behind the same authentication, without what a planning command adds (the
/// mission's authorization, the stream's lock and fold, the decision, item versions, idempotency). It exists only in
/// a server started with <c>Planner:Benchmark:BareEndpoint=true</c>.
/// </summary>
public static class BareAppendEndpoint
{
    [WolverinePost("/api/benchmark/streams/{streamId:guid}/events")]
    public static async Task<BareAppended> Post(Guid streamId, IDocumentSession session, CancellationToken ct)
    {
        var appended = new BareAppended(streamId, DateTimeOffset.UtcNow);
        session.Events.Append(streamId, appended);
        await session.SaveChangesAsync(ct);
        return appended;
    }

    /// <summary>Leaves the endpoint out of Wolverine's discovery unless the configuration asks for it.</summary>
    public static Action<TypeQuery> UnlessConfigured(IConfiguration configuration) => query =>
    {
        if (!configuration.GetValue<bool>("Planner:Benchmark:BareEndpoint"))
            query.Excludes.WithCondition("the benchmark's baseline", type => type == typeof(BareAppendEndpoint));
    };
}

public sealed record BareAppended(Guid StreamId, DateTimeOffset At);

using System.Collections.Concurrent;
using Marten;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// Strategies as they stood at a version or a moment, folded by Marten's time travel (<c>AggregateStreamAsync</c> up
/// to a version, with the registered aggregate's Evolve) onto the nearest earlier state at a multiple of
/// <see cref="Every"/>: so a look at any version folds at most that many events. Those states are stored by the
/// command that reaches them, in its transaction (<see cref="Keep"/>; a stream written before they were has none, and
/// they are then folded from the start once), and held per process, bounded, once read: past versions never change,
/// and a state folded on from one keeps the objects of unchanged items (their JSON is not serialised again).
/// </summary>
public sealed class TimeTravel
{
    public const int Every = 200;
    private const int Kept = 256;

    private readonly ConcurrentDictionary<(Guid, long), Strategy> bases = new();

    public static void Register(StoreOptions options) =>
        options.Schema.For<PlanSnapshot>().DocumentAlias("plan_snapshot");

    /// <summary>Stores <paramref name="state"/> for time travel when its version is a multiple of <see cref="Every"/>;
    /// called with each state a command's events fold to, so that it is committed with them.</summary>
    public static Strategy Keep(IDocumentSession session, Strategy state)
    {
        if (state.Version % Every == 0)
            session.Store(new PlanSnapshot(PlanSnapshot.Key(state.Id, state.Version), state));
        return state;
    }

    /// <summary>The stream's version at a moment: its last event at or before it (0: none yet).</summary>
    public static async Task<long> VersionAtAsync(
        IQuerySession session, Guid streamId, DateTimeOffset at, CancellationToken ct)
    {
        at = at.ToUniversalTime(); // PostgreSQL takes UTC moments only
        var last = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == streamId && e.Timestamp <= at)
            .OrderByDescending(e => e.Version).FirstOrDefaultAsync(ct);
        return last?.Version ?? 0;
    }

    /// <summary>The strategy at <paramref name="version"/>, or at its last version when the stream is
    /// shorter.</summary>
    public async Task<Strategy> StrategyAtAsync(
        IQuerySession session, Guid strategyId, long version, CancellationToken ct)
    {
        var start = version / Every * Every;
        var folded = start == 0 ? null : await BaseAsync(session, strategyId, start, ct);
        if (folded is not null && folded.Version < start) return folded; // the stream is shorter
        return await FoldAsync(session, strategyId, folded, version, ct);
    }

    /// <summary>The state at <paramref name="start"/> (a multiple of <see cref="Every"/>), keeping those folded
    /// past.</summary>
    private async Task<Strategy> BaseAsync(IQuerySession session, Guid strategyId, long start, CancellationToken ct)
    {
        if (bases.TryGetValue((strategyId, start), out var held)) return held;
        if (await session.LoadAsync<PlanSnapshot>(PlanSnapshot.Key(strategyId, start), ct) is { } stored)
            return Hold(strategyId, stored.Strategy);
        var from = start - Every;
        Strategy? strategy = null;
        while (from > 0 && !bases.TryGetValue((strategyId, from), out strategy)) from -= Every;
        for (var next = from + Every; next <= start; next += Every)
        {
            strategy = await FoldAsync(session, strategyId, strategy, next, ct);
            if (strategy.Version != next) return strategy; // the stream is shorter
            Hold(strategyId, strategy);
        }
        return strategy!;
    }

    private Strategy Hold(Guid strategyId, Strategy strategy)
    {
        if (bases.Count >= Kept) bases.Clear();
        return bases[(strategyId, strategy.Version)] = strategy;
    }

    /// <summary>Folds the events after <paramref name="state"/> up to <paramref name="version"/> onto it.</summary>
    private static async Task<Strategy> FoldAsync(
        IQuerySession session, Guid strategyId, Strategy? state, long version, CancellationToken ct)
    {
        if (state?.Version == version) return state;
        var fromVersion = (state?.Version ?? 0) + 1;
        // Marten answers null for a version beyond the stream's end: then fold what there is.
        var events = session.Events;
        return await events.AggregateStreamAsync(strategyId, version, state: state, fromVersion: fromVersion,
                   token: ct)
               ?? await events.AggregateStreamAsync(strategyId, state: state, fromVersion: fromVersion, token: ct)
               ?? state ?? Strategy.None;
    }
}

/// <summary>A strategy as it stood at a multiple of <see cref="TimeTravel.Every"/> events, for time travel.</summary>
public sealed record PlanSnapshot(string Id, Strategy Strategy)
{
    public static string Key(Guid strategyId, long version) => $"{strategyId:N}:{version}";
}

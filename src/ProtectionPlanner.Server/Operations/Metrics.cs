using System.Diagnostics.Metrics;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// The server's instruments, on the meter <see cref="MeterName"/>: commands by type and outcome and their latency,
/// idempotent repeats, conflicts, hub connections and pushes. <c>GET /metrics</c> shows them (<see cref="Telemetry"/>);
/// docs/operations.md says what each means.
/// </summary>
public sealed class PlannerMetrics
{
    public const string MeterName = "ProtectionPlanner";

    /// <summary>Bucket bounds of the command latency histogram, in seconds (1 ms to 10 s).</summary>
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> commands;
    private readonly Histogram<double> commandDuration;
    private readonly Counter<long> repeats;
    private readonly Counter<long> conflicts;
    private readonly Counter<long> pushes;
    private readonly Counter<long> rateLimited;
    private int hubConnections;
    private IReadOnlyList<ProjectionProgress> progress = [];

    public PlannerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        commands = meter.CreateCounter<long>("planner.commands", "{command}",
            "Commands handled, by command type and outcome (ok, no-op, repeat, conflict, precondition-failed, forbidden, invalid, not-found, rejected, key-reused, busy, unavailable, cancelled, error).");
        commandDuration = meter.CreateHistogram("planner.command.duration", "s",
            "Time from a command entering its endpoint to its outcome (waiting for its stream's lock, loading, deciding, committing), by command type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        repeats = meter.CreateCounter<long>("planner.command.repeats", "{command}",
            "Idempotent repeats: commands whose Idempotency-Key was already committed, answered with the first outcome, by command type.");
        conflicts = meter.CreateCounter<long>("planner.conflicts", "{conflict}",
            "Commands refused because something changed meanwhile, by kind: item (409, the item moved), state (409), precondition (412, stale If-Match on the stream), busy (503, the stream stayed locked).");
        pushes = meter.CreateCounter<long>("planner.hub.pushes", "{message}",
            "Messages the hub sent to connections, by message (change, resync, presence, exerciseChange, exerciseResync); its rate is pushes per second.");
        rateLimited = meter.CreateCounter<long>("planner.rate_limited", "{request}",
            "Requests refused by a rate limit, by limit: tokens (token requests per address, 429), writes (commands per user, 429), hub (hub calls per user, a rate-limited error).");
        meter.CreateObservableGauge("planner.hub.connections", () => Volatile.Read(ref hubConnections), "{connection}",
            "SignalR connections open on this node.");
        EventsAppended = meter.CreateCounter<long>("planner.events.appended", "{event}",
            "Events this node committed to Marten's event store.");
        meter.CreateObservableGauge("planner.projection.lag.events", () => Progress(p => p.LagEvents), "{event}",
            "Events appended that a projection has not applied yet (counted up to 10,000), by projection.");
        meter.CreateObservableGauge("planner.projection.lag", () => Progress(p => p.LagSeconds), "s",
            "Age of the oldest event a projection has not applied yet, by projection: read models behind the writes.");
    }

    /// <summary>The <c>command</c> label of a command type: its name, with type arguments (<c>TakeDecision&lt;IdentifyThreat&gt;</c>).</summary>
    public static string CommandName<TCommand>() => Named<TCommand>.Value;

    public static string CommandName(Type command) => Format(command);

    /// <summary>Records a command that produced an outcome: repeated, changed nothing, or appended.</summary>
    public void CommandHandled(string command, bool repeated, bool changed, TimeSpan elapsed)
    {
        if (repeated) repeats.Add(1, new KeyValuePair<string, object?>("command", command));
        Command(command, repeated ? "repeat" : changed ? "ok" : "no-op", elapsed);
    }

    /// <summary>Records a command that was refused or failed.</summary>
    public void CommandFailed(string command, Exception error, TimeSpan elapsed)
    {
        var (outcome, conflict) = Classify(error);
        if (conflict is not null) conflicts.Add(1, new KeyValuePair<string, object?>("kind", conflict));
        Command(command, outcome, elapsed);
    }

    public Counter<long> EventsAppended { get; }

    /// <summary>The projections' progress the lag gauges show, read at each scrape.</summary>
    public void Observed(IReadOnlyList<ProjectionProgress> projections) => Volatile.Write(ref progress, projections);

    public void HubConnected() => Interlocked.Increment(ref hubConnections);

    public void HubDisconnected() => Interlocked.Decrement(ref hubConnections);

    /// <summary>Counts one <paramref name="message"/> sent to each of <paramref name="connections"/> connections.</summary>
    public void Pushed(string message, int connections = 1)
    {
        if (connections > 0) pushes.Add(connections, new KeyValuePair<string, object?>("message", message));
    }

    /// <summary>Counts a request refused by the rate limit <paramref name="limit"/> (tokens, writes, hub).</summary>
    public void RateLimited(string limit) => rateLimited.Add(1, new KeyValuePair<string, object?>("limit", limit));

    private IEnumerable<Measurement<T>> Progress<T>(Func<ProjectionProgress, T> value) where T : struct =>
        Volatile.Read(ref progress).Select(p =>
            new Measurement<T>(value(p), new KeyValuePair<string, object?>("projection", p.Name)));

    private void Command(string command, string outcome, TimeSpan elapsed)
    {
        var type = new KeyValuePair<string, object?>("command", command);
        commands.Add(1, type, new KeyValuePair<string, object?>("outcome", outcome));
        commandDuration.Record(elapsed.TotalSeconds, type);
    }

    private static class Named<TCommand>
    {
        public static readonly string Value = Format(typeof(TCommand));
    }

    private static string Format(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(Format))}>"
        : type.Name;

    /// <summary>The outcome label of a refusal or failure, and the conflict kind when it is a conflict.</summary>
    private static (string Outcome, string? Conflict) Classify(Exception error) => error switch
    {
        ItemConflict => ("conflict", "item"),
        StateConflict => ("conflict", "state"),
        PreconditionFailed => ("precondition-failed", "precondition"),
        JasperFx.ConcurrencyException or Marten.Exceptions.StreamLockedException => ("busy", "busy"),
        Forbidden => ("forbidden", null),
        ValidationFailed => ("invalid", null),
        NotFound => ("not-found", null),
        RuleViolated => ("rejected", null),
        IdempotencyKeyReused => ("key-reused", null),
        OperationCanceledException => ("cancelled", null),
        _ when Hosting.DatabaseFault.IsUnavailable(error) => ("unavailable", null),
        _ => ("error", null),
    };
}

/// <summary>Counts the events each session of this node commits (<c>planner_events_appended_total</c>).</summary>
public sealed class CountedCommits(PlannerMetrics metrics) : Marten.DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(
        Marten.IDocumentSession session, Marten.Services.IChangeSet commit, CancellationToken token)
    {
        var events = commit.GetEvents().Count();
        if (events > 0) metrics.EventsAppended.Add(events);
        return Task.CompletedTask;
    }
}

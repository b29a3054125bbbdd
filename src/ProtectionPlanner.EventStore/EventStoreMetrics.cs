using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ProtectionPlanner.EventStore;

/// <summary>How far a projection is behind the feed: committed events it has not applied, and the age of the oldest.</summary>
internal readonly record struct ProjectionLag(long Events, double Seconds);

/// <summary>
/// The event store's instruments, on the meter <see cref="EventStore.MeterName"/> (or the one given to the store):
/// append latency, events appended, and for the projections this process runs, events applied, failures and lag.
/// </summary>
internal sealed class EventStoreMetrics : IDisposable
{
    /// <summary>Bucket bounds of the latency histograms, in seconds (1 ms to 10 s).</summary>
    internal static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Histogram<double> appendDuration;
    private readonly Counter<long> eventsAppended;
    private readonly Counter<long> projectionEvents;
    private readonly Counter<long> projectionFailures;
    private readonly Counter<long> feedEventsRead;

    /// <summary>Lag of the projections running in this process, by name (refreshed by their daemon).</summary>
    private readonly ConcurrentDictionary<string, ProjectionLag> lags = new();

    public EventStoreMetrics(Meter? meter)
    {
        ownsMeter = meter is null;
        this.meter = meter ?? new Meter(EventStore.MeterName);
        appendDuration = this.meter.CreateHistogram("eventstore.append.duration", "s",
            "Time to append to a stream (one round trip, outside callers' transactions), by outcome: appended, repeat (command id already committed), conflict (wrong expected version), error.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        eventsAppended = this.meter.CreateCounter<long>("eventstore.events.appended", "{event}", "Events appended by this process.");
        projectionEvents = this.meter.CreateCounter<long>("eventstore.projection.events", "{event}",
            "Events applied by the projections this process runs (live and rebuild), by projection.");
        projectionFailures = this.meter.CreateCounter<long>("eventstore.projection.failures", "{failure}",
            "Events a projection stopped at (the projection is faulted, or its rebuild failed), by projection.");
        feedEventsRead = this.meter.CreateCounter<long>("eventstore.feed.events.read", "{event}",
            "Events this process read from the global feed. A daemon's projections share each page they read, so a daemon reads each event once, not once per projection.");
        this.meter.CreateObservableGauge("eventstore.projection.lag.events",
            () => lags.Select(lag => new Measurement<long>(lag.Value.Events, new KeyValuePair<string, object?>("projection", lag.Key))),
            "{event}", "Committed events a projection running in this process has not applied yet (counted up to 10,000), by projection.");
        this.meter.CreateObservableGauge("eventstore.projection.lag.seconds",
            () => lags.Select(lag => new Measurement<double>(lag.Value.Seconds, new KeyValuePair<string, object?>("projection", lag.Key))),
            "s", "Age of the oldest event a projection running in this process has not applied yet (0 when caught up), by projection.");
    }

    public void Appended(string outcome, TimeSpan elapsed, int events)
    {
        appendDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        if (events > 0) eventsAppended.Add(events);
    }

    public void EventsAppended(int events) => eventsAppended.Add(events);

    public void FeedRead(int events)
    {
        if (events > 0) feedEventsRead.Add(events);
    }

    public void Applied(string projection, int events) => projectionEvents.Add(events, new KeyValuePair<string, object?>("projection", projection));

    public void Failed(string projection) => projectionFailures.Add(1, new KeyValuePair<string, object?>("projection", projection));

    public void SetLag(string projection, ProjectionLag lag) => lags[projection] = lag;

    public void ClearLag(string projection) => lags.TryRemove(projection, out _);

    public void Dispose()
    {
        if (ownsMeter) meter.Dispose();
    }
}

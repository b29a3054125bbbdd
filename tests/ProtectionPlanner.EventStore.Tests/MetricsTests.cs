using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

/// <summary>The store's instruments: append latency by outcome, events appended, and projection lag and progress.</summary>
public sealed class MetricsTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Every measurement of the instruments on one meter: name, value and tags.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener listener = new();

        public Recorder(Meter meter)
        {
            listener.InstrumentPublished = (instrument, subscriber) =>
            {
                if (ReferenceEquals(instrument.Meter, meter)) subscriber.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.Start();
        }

        private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> observed = new();

        /// <summary>What the synchronous instruments recorded.</summary>
        public ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

        /// <summary>The observable instruments' values now.</summary>
        public List<(string Name, double Value, Dictionary<string, object?> Tags)> Observe()
        {
            lock (observed)
            {
                observed.Clear();
                listener.RecordObservableInstruments();
                return [.. observed];
            }
        }

        public void Dispose() => listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            (instrument.IsObservable ? observed : Measurements).Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
    }

    [Fact]
    public async Task Appends_are_timed_by_outcome_and_their_events_counted()
    {
        using var meter = new Meter(EventStore.MeterName);
        using var recorder = new Recorder(meter);
        await using var store = new EventStore(database.DataSource, TestEvents.Registry(), meter: meter);
        var stream = Guid.NewGuid();

        await store.StartStreamAsync(stream, "strategy", [new Counted(1), new Counted(2)], Actors.Planner("metrics-1"));
        await store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Noted("again")], Actors.Planner("metrics-1"));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Noted("late")], Actors.Planner()));

        var durations = recorder.Measurements.Where(m => m.Name == "eventstore.append.duration").ToList();
        Assert.Equal(["appended", "repeat", "conflict"], durations.Select(m => (string)m.Tags["outcome"]!));
        Assert.All(durations, m => Assert.InRange(m.Value, 0, 10));
        Assert.Equal(2, recorder.Measurements.Where(m => m.Name == "eventstore.events.appended").Sum(m => m.Value));
    }

    [Fact]
    public async Task A_running_projections_lag_is_observed_in_events_and_seconds_and_falls_to_zero_when_it_catches_up()
    {
        using var meter = new Meter(EventStore.MeterName);
        using var recorder = new Recorder(meter);
        await using var store = new EventStore(database.DataSource, TestEvents.Registry(), meter: meter);
        await using var daemon = new ProjectionDaemon(store, [new CountingProjection("lagging")],
            new ProjectionDaemonOptions { LeadershipInterval = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromMilliseconds(100) });
        await daemon.StartAsync();
        await UntilAsync(() => Lag(recorder, "eventstore.projection.lag.events") == 0);

        // Hold the checkpoint row: the projection's next batch waits, as behind a stuck transaction.
        await using (var holder = await database.DataSource.OpenConnectionAsync())
        await using (var stuck = await holder.BeginTransactionAsync())
        {
            await using (var hold = new Npgsql.NpgsqlCommand("select 1 from eventstore.projections where name = 'lagging' for update", holder, stuck))
                await hold.ExecuteNonQueryAsync();
            await store.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(1), new Counted(2), new Counted(3)], Actors.Planner());
            await UntilAsync(() => Lag(recorder, "eventstore.projection.lag.events") == 3 && Lag(recorder, "eventstore.projection.lag.seconds") > 0);
            await stuck.RollbackAsync();
        }

        await UntilAsync(() => Lag(recorder, "eventstore.projection.lag.events") == 0 && Lag(recorder, "eventstore.projection.lag.seconds") == 0);
        Assert.True(recorder.Measurements.Where(m => m.Name == "eventstore.projection.events" && Equals(m.Tags["projection"], "lagging")).Sum(m => m.Value) >= 3);
    }

    /// <summary>The observed lag of the projection "lagging", or -1 when none is observed.</summary>
    private static double Lag(Recorder recorder, string gauge) =>
        recorder.Observe().Where(m => m.Name == gauge && Equals(m.Tags["projection"], "lagging")).Select(m => m.Value).DefaultIfEmpty(-1).Single();

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_daemons_projections_share_each_page_of_the_feed_and_each_applies_every_event_once()
    {
        using var meter = new Meter(EventStore.MeterName);
        using var recorder = new Recorder(meter);
        await using var store = new EventStore(database.DataSource, TestEvents.Registry(), meter: meter);
        var streams = new List<Guid>();
        for (var s = 0; s < 30; s++)
        {
            var stream = Guid.NewGuid();
            await store.StartStreamAsync(stream, "strategy", [.. Enumerable.Range(1, 10).Select(n => (object)new Counted(n))], Actors.Planner());
            streams.Add(stream);
        }
        var total = await database.ScalarAsync<long>("select count(*) from eventstore.events");
        var head = await database.ScalarAsync<long>("select max(position) from eventstore.events");
        CountingProjection[] projections = [new("shared_a"), new("shared_b"), new("shared_c")];

        await using (var daemon = new ProjectionDaemon(store, projections, new ProjectionDaemonOptions { LeadershipInterval = TimeSpan.FromMilliseconds(200) }))
        {
            await daemon.StartAsync();
            foreach (var projection in projections)
                Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, projection.Name, head, Patience));
        }

        foreach (var projection in projections)
        {
            var ours = string.Join(", ", streams.Select(s => $"'{s}'"));
            Assert.Equal(streams.Count, await database.ScalarAsync<long>(
                $"select count(*) from read_models.\"{projection.TableName}\" where stream_id in ({ours}) and events = 10 and version_sum = 55"));
        }
        var applied = recorder.Measurements.Where(m => m.Name == "eventstore.projection.events").Sum(m => m.Value);
        var read = recorder.Measurements.Where(m => m.Name == "eventstore.feed.events.read").Sum(m => m.Value);
        Assert.Equal(3 * total, applied);
        Assert.Equal(total, read);
    }
}

using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class BadInputTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private sealed record Cyclic
    {
        public Cyclic? Self { get; set; }
    }

    private sealed record Unregistered(int Value);

    public static TheoryData<string> Cases() =>
    [
        "null type name", "empty type name", "oversized type name", "type name with spaces", "type name in capitals",
        "non-serialisable data", "null data", "unregistered event type", "null event", "no events", "too many events",
        "oversized event", "empty stream id", "missing actor", "oversized reason", "oversized actor", "empty command id",
        "invalid stream type", "negative expected version",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gives_a_clear_exception_and_writes_nothing(string @case)
    {
        var stream = Guid.NewGuid();
        var metadata = Actors.Planner();
        Func<Task> append = @case switch
        {
            "null type name" => () => Append(stream, new EventData(null!, new Counted(1))),
            "empty type name" => () => Append(stream, new EventData("", new Counted(1))),
            "oversized type name" => () => Append(stream, new EventData(new string('a', 101), new Counted(1))),
            "type name with spaces" => () => Append(stream, new EventData("threat identified", new Counted(1))),
            "type name in capitals" => () => Append(stream, new EventData("ThreatIdentified", new Counted(1))),
            "non-serialisable data" => () => Append(stream, new EventData("cyclic", CyclicValue())),
            "null data" => () => Append(stream, new EventData("nothing", null!)),
            "unregistered event type" => () => Append(stream, new Unregistered(1)),
            "null event" => () => Append(stream, null!),
            "no events" => () => database.Store.StartStreamAsync(stream, "strategy", [], metadata),
            "too many events" => () => database.Store.StartStreamAsync(stream, "strategy", Enumerable.Range(0, 10_001).Select(i => (object)new Counted(i)).ToList(), metadata),
            "oversized event" => () => Append(stream, new Noted(new string('x', 1024 * 1024 + 1))),
            "empty stream id" => () => Append(Guid.Empty, new Counted(1)),
            "missing actor" => () => database.Store.StartStreamAsync(stream, "strategy", [new Counted(1)], metadata with { Actor = " " }),
            "oversized reason" => () => database.Store.StartStreamAsync(stream, "strategy", [new Counted(1)], metadata with { Reason = new string('r', 4001) }),
            "oversized actor" => () => database.Store.StartStreamAsync(stream, "strategy", [new Counted(1)], metadata with { Actor = new string('a', 201) }),
            "empty command id" => () => database.Store.StartStreamAsync(stream, "strategy", [new Counted(1)], metadata with { CommandId = "" }),
            "invalid stream type" => () => database.Store.StartStreamAsync(stream, "Strategy Stream", [new Counted(1)], metadata),
            "negative expected version" => () => database.Store.AppendAsync(stream, ExpectedVersion.Exactly(-1), [new Counted(1)], metadata),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        var before = await database.EventCountAsync();

        var error = await Record.ExceptionAsync(append);

        Assert.True(error is ArgumentException or EventSerializationException, $"{@case}: {error?.GetType().Name ?? "no exception"}");
        Assert.False(string.IsNullOrWhiteSpace(error!.Message));
        Assert.Equal(before, await database.EventCountAsync());
        Assert.Null(await database.Store.GetStreamAsync(stream));
    }

    [Fact]
    public async Task Reading_with_negative_versions_or_positions_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Store.ReadStreamAsync(Guid.NewGuid(), fromVersion: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Store.ReadAllAsync(-5, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Store.ReadAllAsync(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamPoint.AtVersion(-1));
    }

    [Fact]
    public void Registering_a_bad_or_duplicate_type_name_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new EventTypeRegistry().Register<Counted>(null!));
        Assert.Throws<ArgumentException>(() => new EventTypeRegistry().Register<Counted>(new string('a', 101)));
        Assert.Throws<ArgumentException>(() => new EventTypeRegistry().Register<Counted>("counted").Register<Noted>("counted"));
        Assert.Throws<ArgumentException>(() => new EventTypeRegistry().Register<Counted>("counted").Register<Counted>("counted_again"));
    }

    private Task<AppendResult> Append(Guid stream, object @event) =>
        database.Store.StartStreamAsync(stream, "strategy", [@event], Actors.Planner());

    private static Cyclic CyclicValue()
    {
        var cyclic = new Cyclic();
        cyclic.Self = cyclic;
        return cyclic;
    }

    [Theory]
    [InlineData(0, 10_000, 2, "MaxEventsPerAppend")]
    [InlineData(65_537, 10_000, 2, "MaxEventsPerAppend")]
    [InlineData(100, -1, 2, "StreamHeadCacheSize")]
    [InlineData(100, 10_000, 0, "AppendWriters")]
    public void Options_out_of_range_are_refused_when_the_store_is_created(int maxEventsPerAppend, int streamHeadCacheSize, int appendWriters, string named)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new EventStore(database.DataSource, TestEvents.Registry(),
            new EventStoreOptions { MaxEventsPerAppend = maxEventsPerAppend, StreamHeadCacheSize = streamHeadCacheSize, AppendWriters = appendWriters }));
        Assert.Contains(named, refused.Message);
    }
}

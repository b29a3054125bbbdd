using System.Text.Json.Nodes;
using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class TimeTravelTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private EventStore Store => database.Store;

    private static IReadOnlyList<int> Evolve(IReadOnlyList<int> numbers, StoredEvent @event) =>
        @event.Data is Counted counted ? [.. numbers, counted.Number] : numbers;

    [Fact]
    public async Task State_can_be_folded_at_any_version_and_at_any_moment()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1), new Counted(2)], Actors.Planner());
        await Task.Delay(50);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(3)], Actors.Planner());

        var atOne = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [], Evolve, StreamPoint.AtVersion(1));
        var atMoment = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [], Evolve, StreamPoint.At(between));
        var latest = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [], Evolve);
        var beforeAll = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [], Evolve, StreamPoint.At(between.AddHours(-1)));

        Assert.Equal([1], atOne.State);
        Assert.Equal(1, atOne.Version);
        Assert.Equal([1, 2], atMoment.State);
        Assert.Equal(2, atMoment.Version);
        Assert.Equal([1, 2, 3], latest.State);
        Assert.Equal(3, latest.Version);
        Assert.Empty(beforeAll.State);
        Assert.Equal(0, beforeAll.Version);
    }

    [Fact]
    public async Task Snapshots_are_saved_at_every_interval_a_fold_passes_and_folding_resumes_from_the_nearest()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", Enumerable.Range(1, 25).Select(i => (object)new Counted(i)).ToList(), Actors.Planner());
        var policy = new SnapshotPolicy("numbers.v1", Every: 10);

        var first = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [], Evolve, snapshots: policy);
        Assert.Equal(Enumerable.Range(1, 25), first.State);
        var saved = await Store.LoadSnapshotAsync<IReadOnlyList<int>>(stream, "numbers.v1");
        Assert.Equal(20, saved!.Version);

        var folded = 0;
        var atTwentyThree = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [],
            (state, e) => { folded++; return Evolve(state, e); }, StreamPoint.AtVersion(23), policy);
        Assert.Equal(Enumerable.Range(1, 23), atTwentyThree.State);
        Assert.Equal(3, folded);

        folded = 0;
        var atFifteen = await Store.AggregateStreamAsync<IReadOnlyList<int>>(stream, [],
            (state, e) => { folded++; return Evolve(state, e); }, StreamPoint.AtVersion(15), policy);
        Assert.Equal(Enumerable.Range(1, 15), atFifteen.State);
        Assert.Equal(5, folded); // from the snapshot at 10, which the first fold saved on its way past
    }

    [Fact]
    public async Task Older_event_shapes_are_upcast_when_read()
    {
        var stream = Guid.NewGuid();
        var oldRegistry = new EventTypeRegistry().Register<OldThreat>("threat_identified");
        await using (var oldStore = new EventStore(database.DataSource, oldRegistry))
            await oldStore.StartStreamAsync(stream, "strategy", [new OldThreat("Market attack", "high")], Actors.Planner());

        var newRegistry = new EventTypeRegistry()
            .Register<Threat>("threat_identified", version: 2)
            .Upcast("threat_identified", fromVersion: 1, json =>
            {
                var likelihood = json["risk"]!.GetValue<string>() == "high" ? 4 : 2;
                return new JsonObject { ["title"] = json["title"]!.GetValue<string>(), ["likelihood"] = likelihood };
            });
        await using var newStore = new EventStore(database.DataSource, newRegistry);
        await newStore.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Threat("Road ambush", 3)], Actors.Planner());

        var events = await newStore.ReadStreamAsync(stream);
        Assert.Equal([new Threat("Market attack", 4), new Threat("Road ambush", 3)], events.Select(e => e.Data));
        var typeVersions = await TypeVersions(stream);
        Assert.Equal([1, 2], typeVersions);
    }

    [Fact]
    public async Task Events_of_unregistered_types_are_read_as_json()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, null, [new EventData("something_else", new { Answer = 42 })], Actors.Planner());
        var read = Assert.Single(await Store.ReadStreamAsync(stream));
        Assert.Equal(42, Assert.IsType<System.Text.Json.JsonElement>(read.Data).GetProperty("answer").GetInt32());
    }

    private async Task<int[]> TypeVersions(Guid stream)
    {
        await using var command = database.DataSource.CreateCommand($"select array_agg(type_version order by version) from eventstore.events where stream_id = '{stream}'");
        return (int[])(await command.ExecuteScalarAsync())!;
    }

    private sealed record OldThreat(string Title, string Risk);

    private sealed record Threat(string Title, int Likelihood);
}

public sealed class ReadStreamsTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Several_streams_are_read_from_a_version_each_in_one_query()
    {
        var (first, second, missing) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await database.Store.StartStreamAsync(first, "strategy", [new Counted(1), new Counted(2), new Counted(3)], Actors.Planner());
        await database.Store.StartStreamAsync(second, "mission", [new Counted(10), new Counted(20)], Actors.Planner());

        var read = await database.Store.ReadStreamsAsync([(first, 2), (second, 3), (missing, 1)]);

        Assert.Equal([2L, 3L], read[first].Select(e => e.Version));
        Assert.Empty(read[second]);
        Assert.Empty(read[missing]);
    }
}

using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class IntegrityTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private EventStore Store => database.Store;

    private async Task<Guid> StreamOfFiveAsync()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1), new Counted(2), new Counted(3)], Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(3), [new Noted("four")], Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(4), [new Noted("five")], Actors.Planner());
        return stream;
    }

    [Fact]
    public async Task An_untouched_store_verifies_clean()
    {
        var stream = await StreamOfFiveAsync();
        var report = await Store.VerifyAsync(stream);
        Assert.True(report.IsIntact);
        Assert.Equal((1, 5), (report.StreamsChecked, report.EventsChecked));
    }

    [Theory]
    [InlineData("data", "update eventstore.events set data = '{\"number\":99}' where stream_id = '{0}' and version = 2", 2)]
    [InlineData("metadata", "update eventstore.events set metadata = '{\"actor\":\"someone else\"}' where stream_id = '{0}' and version = 3", 3)]
    [InlineData("type", "update eventstore.events set type = 'noted' where stream_id = '{0}' and version = 1", 1)]
    [InlineData("timestamp", "update eventstore.events set timestamp = timestamp - interval '1 day' where stream_id = '{0}' and version = 4", 4)]
    [InlineData("whitespace", "update eventstore.events set data = '{\"text\": \"five\"}' where stream_id = '{0}' and version = 5", 5)]
    public async Task Editing_a_row_in_SQL_is_reported_with_its_stream_and_version(string edited, string sql, long version)
    {
        var stream = await StreamOfFiveAsync();
        Assert.Equal(1, await database.ExecuteAsync(sql.Replace("{0}", stream.ToString())));

        var violation = Assert.Single((await Store.VerifyAsync(stream)).Violations);
        Assert.Equal((stream, version, IntegrityProblem.Altered), (violation.StreamId, violation.Version, violation.Problem));
        Assert.Contains((await Store.VerifyAsync()).Violations, v => v.StreamId == stream && v.Version == version);
        Assert.Contains(stream.ToString(), violation.Description);
        Assert.NotEmpty(edited);
    }

    [Fact]
    public async Task Swapping_two_events_is_reported_at_both_and_at_the_link_that_follows()
    {
        var stream = await StreamOfFiveAsync();
        await database.ExecuteAsync($"""
            update eventstore.events set version = 1000000 where stream_id = '{stream}' and version = 2;
            update eventstore.events set version = 2 where stream_id = '{stream}' and version = 3;
            update eventstore.events set version = 3 where stream_id = '{stream}' and version = 1000000;
            """);

        var violations = (await Store.VerifyAsync(stream)).Violations;
        // Version 4 still links to what used to be version 3, so its link is broken too.
        Assert.Equal([(2L, IntegrityProblem.Altered), (3L, IntegrityProblem.Altered), (4L, IntegrityProblem.Altered)],
            violations.Select(v => (v.Version, v.Problem)));
    }

    [Fact]
    public async Task Deleting_an_event_from_the_middle_is_reported_as_missing()
    {
        var stream = await StreamOfFiveAsync();
        await database.ExecuteAsync($"delete from eventstore.events where stream_id = '{stream}' and version = 3");

        var violation = Assert.Single((await Store.VerifyAsync(stream)).Violations);
        Assert.Equal((3L, IntegrityProblem.Missing), (violation.Version, violation.Problem));
    }

    [Fact]
    public async Task Deleting_the_last_events_is_reported_once_the_ledger_has_recorded_them()
    {
        var stream = await StreamOfFiveAsync();
        await using (var daemon = new ProjectionDaemon(Store, [new StreamHeadsLedger()]))
        {
            await daemon.StartAsync();
            var head = await database.ScalarAsync<long>("select max(position) from eventstore.events");
            Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "eventstore_stream_heads", head, TimeSpan.FromSeconds(15)));
        }
        Assert.True((await Store.VerifyAsync(stream)).IsIntact);

        await database.ExecuteAsync($"delete from eventstore.events where stream_id = '{stream}' and version >= 4");

        var violations = (await Store.VerifyAsync(stream)).Violations;
        Assert.Equal([(4L, IntegrityProblem.Missing), (5L, IntegrityProblem.Missing)], violations.Select(v => (v.Version, v.Problem)));
    }

    [Fact]
    public async Task Rewriting_an_event_and_recomputing_its_hash_is_caught_by_the_next_link()
    {
        var stream = await StreamOfFiveAsync();
        await database.ExecuteAsync($"""
            update eventstore.events e
            set data = '{"{"}"number":7{"}"}',
                hash = eventstore.chain_hash(
                    (select p.hash from eventstore.events p where p.stream_id = e.stream_id and p.version = e.version - 1),
                    e.stream_id, e.version, e.position, e.timestamp,
                    eventstore.content_digest(e.type, e.type_version, e.metadata, '{"{"}"number":7{"}"}'))
            where e.stream_id = '{stream}' and e.version = 2
            """);

        var violation = Assert.Single((await Store.VerifyAsync(stream)).Violations);
        Assert.Equal((3L, IntegrityProblem.Altered), (violation.Version, violation.Problem));
    }
}

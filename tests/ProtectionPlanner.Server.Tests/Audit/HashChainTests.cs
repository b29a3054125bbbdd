using System.Text.Json;
using JasperFx.Events;
using Marten;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Audit;

namespace ProtectionPlanner.Server.Tests.Audit;

/// <summary>
/// Tamper evidence on Marten: every append is linked into its stream's hash chain, and verification recomputes the
/// chain from what Marten stores, finding each edit made in SQL by stream and version.
/// </summary>
public sealed class HashChainTests(AuditedStore database) : IClassFixture<AuditedStore>
{
    private const string Events = $"{AuditedStore.Schema}.mt_events";

    [Fact]
    public async Task An_untouched_stream_verifies_clean_and_its_head_and_hash_headers_are_stored_with_its_events()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);

        var report = await database.VerifyAsync(stream);

        Assert.True(report.IsIntact, string.Join("\n", report.Violations));
        Assert.Equal((1, 5), (report.StreamsChecked, report.EventsChecked));
        var last = await database.ScalarAsync<string>(
            $"select headers ->> 'hash' from {Events} where stream_id = '{stream}' and version = 5");
        await using var session = database.Store.QuerySession();
        Assert.Equal(new StreamHead(stream, 5, last), await session.LoadAsync<StreamHead>(stream));
        Assert.Equal(64, last.Length);
        Assert.Equal(5, await database.ScalarAsync<long>($"""
            select count(distinct headers ->> 'hash') from {Events}
            where stream_id = '{stream}' and headers ->> 'role' = 'planner'
            """));
    }

    [Theory]
    [InlineData("data", "data = jsonb_set(data, '{assessment,likelihood}', '5')", 4)]
    [InlineData("user", "user_name = 'someone else'", 3)]
    [InlineData("role header", "headers = jsonb_set(headers, '{role}', '\"administrator\"')", 2)]
    [InlineData("reason header", "headers = headers - 'reason'", 5)]
    [InlineData("correlation", "correlation_id = 'corr-forged'", 1)]
    [InlineData("causation", "causation_id = null", 2)]
    [InlineData("type", "type = 'threat_closed'", 4)]
    [InlineData("time", "timestamp = timestamp - interval '1 day'", 3)]
    [InlineData("event id", "id = gen_random_uuid()", 2)]
    public async Task Editing_a_row_in_SQL_is_reported_with_its_stream_and_version(
        string edited, string set, long version)
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        Assert.Equal(1, await database.ExecuteAsync(
            $"update {Events} set {set} where stream_id = '{stream}' and version = {version}"));

        var violation = Assert.Single((await database.VerifyAsync(stream)).Violations);

        Assert.Equal((stream, version, IntegrityProblem.Altered),
            (violation.StreamId, violation.Version, violation.Problem));
        Assert.Contains($"Stream {stream} version {version}", violation.Description);
        Assert.Contains((await database.VerifyAsync()).Violations, v => v.StreamId == stream && v.Version == version);
        Assert.NotEmpty(edited);
    }

    [Fact]
    public async Task Swapping_two_events_is_reported_at_both_and_at_the_link_that_follows()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        await database.ExecuteAsync($"""
            update {Events} set version = 1000000 where stream_id = '{stream}' and version = 2;
            update {Events} set version = 2 where stream_id = '{stream}' and version = 3;
            update {Events} set version = 3 where stream_id = '{stream}' and version = 1000000;
            """);

        var violations = (await database.VerifyAsync(stream)).Violations;

        // Version 4 still links to what used to be version 3, so its link is broken too.
        Assert.Equal([(2L, IntegrityProblem.Altered), (3L, IntegrityProblem.Altered), (4L, IntegrityProblem.Altered)],
            violations.Select(v => (v.Version, v.Problem)));
    }

    [Fact]
    public async Task Deleting_an_event_from_the_middle_is_reported_as_missing()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        await database.ExecuteAsync($"delete from {Events} where stream_id = '{stream}' and version = 3");

        var violation = Assert.Single((await database.VerifyAsync(stream)).Violations);

        Assert.Equal((stream, 3L, IntegrityProblem.Missing),
            (violation.StreamId, violation.Version, violation.Problem));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deleting_the_last_events_is_reported_by_the_head_even_with_the_stream_table_rewound(bool rewind)
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        await database.ExecuteAsync($"delete from {Events} where stream_id = '{stream}' and version >= 4");
        if (rewind)
            await database.ExecuteAsync(
                $"update {AuditedStore.Schema}.mt_streams set version = 3 where id = '{stream}'");

        var violations = (await database.VerifyAsync(stream)).Violations;

        Assert.Equal([(4L, IntegrityProblem.Missing), (5L, IntegrityProblem.Missing)],
            violations.Select(v => (v.Version, v.Problem)));
    }

    [Fact]
    public async Task Deleting_a_whole_stream_is_reported_event_by_event_from_its_head()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        await database.ExecuteAsync($"""
            delete from {Events} where stream_id = '{stream}';
            delete from {AuditedStore.Schema}.mt_streams where id = '{stream}';
            """);

        var report = await database.VerifyAsync();

        Assert.Equal([1L, 2, 3, 4, 5], report.Violations
            .Where(v => v.StreamId == stream && v.Problem == IntegrityProblem.Missing).Select(v => v.Version));
    }

    [Theory]
    [InlineData(2, 3)] // caught by the next link
    [InlineData(5, 5)] // the last event: caught by the head
    public async Task Rewriting_an_event_with_its_hash_recomputed_is_caught_after_it(long rewritten, long reported)
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        var events = await ReadAsync(stream);
        var data = JsonSerializer.SerializeToElement(new { threatId = Guid.NewGuid() });
        var forged = events[(int)rewritten - 1] with { Data = data };
        var hash = HashChain.Link(events[(int)rewritten - 2].Hash!, forged.Chained());
        await database.ExecuteAsync($"""
            update {Events} set data = '{data.GetRawText()}', headers = jsonb_set(headers, '{"{hash}"}', '"{hash}"')
            where stream_id = '{stream}' and version = {rewritten}
            """);

        var violation = Assert.Single((await database.VerifyAsync(stream)).Violations);

        Assert.Equal((reported, IntegrityProblem.Altered), (violation.Version, violation.Problem));
    }

    [Fact]
    public async Task Appends_from_two_processes_take_turns_on_one_chain_and_a_writer_behind_the_stream_is_refused()
    {
        await using var other = database.NewStore();
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        var threat = Guid.NewGuid();
        await Appending.AppendAsync(other, stream, Appending.Threat(threat, "T-10"));
        for (var i = 0; i < 3; i++)
        {
            // Each process's known head is behind after the other's append: it must read the head again.
            await Appending.AppendAsync(database.Store, stream, Reassessed(threat, $"Raids, round {i}"));
            await Appending.AppendAsync(other, stream, Appending.Threat(Guid.NewGuid(), $"T-2{i}"));
        }

        await using (var behind = other.LightweightSession())
        {
            Appending.Stamp(behind);
            var fetched = await behind.Events.FetchForWriting<Strategy>(stream);
            await Appending.AppendAsync(database.Store, stream, Reassessed(threat, "Raids, seen first"));
            fetched.AppendOne(Reassessed(threat, "Raids, seen too late"));
            await Assert.ThrowsAnyAsync<Exception>(() => behind.SaveChangesAsync());
        }
        await Appending.AppendAsync(other, stream, Reassessed(threat, "Raids, seen again"));

        var report = await database.VerifyAsync(stream);
        Assert.True(report.IsIntact, string.Join("\n", report.Violations));
        Assert.Equal(14, report.EventsChecked);
    }

    [Fact]
    public async Task An_append_without_an_expected_version_is_linked_at_the_head_and_so_never_races_another()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        await using (var session = database.Store.LightweightSession())
        {
            Appending.Stamp(session);
            // Marten's own time, to the 100 ns: stored to the microsecond, so hashed so.
            session.Events.Append(stream, Appending.Threat(Guid.NewGuid(), "T-03"));
            await session.SaveChangesAsync();
        }

        // Two appends that fold nothing, saved at once: both link to the head, so one of them must be refused.
        var appends = Enumerable.Range(0, 2).Select(async i =>
        {
            await using var session = database.Store.LightweightSession();
            Appending.Stamp(session);
            session.Events.Append(stream, Appending.Threat(Guid.NewGuid(), $"T-0{4 + i}"));
            await session.SaveChangesAsync();
        }).ToList();
        var outcomes = await Task.WhenAll(appends.Select(async append =>
        {
            try
            {
                await append;
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }));

        var report = await database.VerifyAsync(stream);
        Assert.True(report.IsIntact, string.Join("\n", report.Violations));
        Assert.Equal(6 + outcomes.Count(ok => ok), report.EventsChecked);
        Assert.Contains(true, outcomes);
    }

    [Fact]
    public async Task Data_that_jsonb_rewrites_still_matches_its_hash()
    {
        const string hostile =
            "Attaque à Bentiu — «marché» \"quoted\" \\ back\tslash 😀 \u2028 </script> \u001f é vs e\u0301";
        var stream = await Appending.StartAsync(database.Store, Appending.Threat(Guid.NewGuid(), "T-ü", hostile));
        await using (var session = database.Store.LightweightSession())
        {
            Appending.Stamp(session, reason: hostile);
            session.Events.Append(stream,
                new Measured(0.1, 1.10m, 1e21, 5e-324, double.MaxValue, long.MaxValue, -0.0, [1.0, 2.5e-7]));
            await session.SaveChangesAsync();
        }

        var report = await database.VerifyAsync(stream);

        Assert.True(report.IsIntact, string.Join("\n", report.Violations));
        Assert.Equal(3, report.EventsChecked);
        // jsonb did rewrite the text: the exact bytes were not what the hash could rely on.
        Assert.Equal("1000000000000000000000", await database.ScalarAsync<string>(
            $"select data ->> 'large' from {Events} where stream_id = '{stream}' and version = 3"));
    }

    [Fact]
    public async Task A_database_where_nothing_was_ever_appended_verifies_as_empty()
    {
        var fresh = new Testing.TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            var report = await RecordVerification.VerifyAsync(fresh.DataSource, AuditedStore.Schema);

            Assert.Equal((0, 0, true), (report.StreamsChecked, report.EventsChecked, report.IsIntact));
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    private async Task<List<ExportedEvent>> ReadAsync(Guid stream)
    {
        var events = new List<ExportedEvent>();
        await foreach (var e in StoredEvents.ReadStreamAsync(database.DataSource, AuditedStore.Schema, stream))
            events.Add(e);
        return events;
    }

    private static ThreatReassessed Reassessed(Guid threat, string title) => new(threat, Sample.Threat(title));
}

/// <summary>Numbers as .NET writes them, which jsonb reads back in other spellings.</summary>
public sealed record Measured(
    double Tenth, decimal Price, double Large, double Tiny, double Largest, long Count, double NegativeZero,
    double[] Series);

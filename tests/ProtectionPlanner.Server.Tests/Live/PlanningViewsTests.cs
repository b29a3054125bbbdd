using System.Text.Json;
using Marten;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>The planning views as Marten's daemon builds them from events appended through Marten sessions.</summary>
public sealed class PlanningViewsTests(ReadModelStore store) : IClassFixture<ReadModelStore>
{
    [Fact]
    public async Task A_strategy_stream_makes_its_plan_view_and_one_change_per_event_with_actor_role_and_reason()
    {
        var (missionId, strategyId, _) = await store.PlanningAsync("UNVWA");
        var threatId = Guid.NewGuid();

        var version = await store.AppendAsync<Strategy>(strategyId, "planner2", nameof(Role.Planner),
            "raids reported by patrols", new ThreatIdentified(threatId, "T1", Sample.Threat("Raids on the west bank")));
        await store.ViewAtAsync(strategyId, version);

        var (streamVersion, view) = (await store.ViewAsync(strategyId))!.Value;
        Assert.Equal((2L, 2L), (streamVersion, view.ViewVersion));
        var threat = JsonDocument.Parse(Assert.Single(view.Lists["threats"]).Json).RootElement;
        var stamp = threat.GetProperty("stamp");
        Assert.Equal(("Raids on the west bank", 2L, "planner2"), (
            threat.GetProperty("assessment").GetProperty("title").GetString(), stamp.GetProperty("version").GetInt64(),
            stamp.GetProperty("changedBy").GetString()));
        Assert.Equal(missionId, await store.ScalarAsync<Guid>(
            $"select mission_id from planner.strategy_views where strategy_id = '{strategyId}'"));

        var changes = await ChangesAsync(strategyId);
        Assert.Equal(
            [
                "1 1 planner1 Planner  strategy_drafted",
                "2 2 planner2 Planner raids reported by patrols threat_identified",
            ],
            changes.Select(c => $"{c.View} {c.Stream} {c.Actor} {c.Role} {c.Reason} {c.Event}"));
        Assert.Contains("threat", changes[1].Kinds);
        Assert.Contains(threatId.ToString(), changes[1].Items);
        Assert.Contains($"threat:{threatId}", changes[1].Touched);
        Assert.Contains("planner2", changes[1].Summary);
    }

    [Fact]
    public async Task A_mission_event_the_view_shows_is_a_view_change_and_one_it_does_not_show_only_the_dashboards()
    {
        var (missionId, strategyId, componentId) = await store.PlanningAsync("UNMEV");
        await store.ViewAtAsync(strategyId, 1);

        await store.AppendAsync<Mission>(missionId, "admin1", nameof(Role.Administrator), "reinforced",
            new ComponentRevised(componentId, "UNPOL Arandu", new Capacity(140, [])));
        await store.AppendAsync<Mission>(missionId, "admin1", nameof(Role.Administrator), null,
            new MemberAssigned("planner2", Role.Planner, null));
        await store.UntilAsync(
            $"select exists (select 1 from planner.mission_views where mission_id = '{missionId}' and version = 5)",
            "dashboard at version 5");

        var changes = await ChangesAsync(strategyId);
        Assert.Equal(["1 1 strategy_drafted", "2 1 component_revised"],
            changes.Select(c => $"{c.View} {c.Stream} {c.Event}"));
        Assert.Contains("UNPOL Arandu", (await store.ViewAsync(strategyId))!.Value.View.ToJson());
        using var dashboard = JsonDocument.Parse(await store.ScalarAsync<string>(
            $"select data::text from planner.mission_views where mission_id = '{missionId}'"));
        var root = dashboard.RootElement;
        Assert.Contains(root.GetProperty("members").EnumerateArray(),
            member => member.GetProperty("userName").GetString() == "planner2");
        Assert.Equal(2, root.GetProperty("strategy").GetProperty("viewVersion").GetInt64());
        Assert.Equal("member_assigned", root.GetProperty("lastChange").GetProperty("what").GetString());
    }

    [Fact]
    public async Task Planning_events_in_an_exercise_stream_make_no_strategy_view_and_the_exercise_its_catalog_row()
    {
        var (missionId, strategyId, _) = await store.PlanningAsync("UNEXS");
        var exerciseId = Guid.NewGuid();

        await store.AppendAsync<ExerciseState>(exerciseId, "planner1", nameof(Role.Planner), null,
            new ExerciseCreated(exerciseId, missionId, strategyId, 1, "Table-top on the river", "Raids at dawn"),
            new ThreatIdentified(Guid.NewGuid(), "T9", Sample.Threat("Only in play")));
        await store.UntilAsync(
            $"select exists (select 1 from planner.exercises where exercise_id = '{exerciseId}' and version = 2)",
            "in the catalog");
        var afterIt = await store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", Sample.Threat("In the live plan")));
        await store.ViewAtAsync(strategyId, afterIt);

        Assert.False(await store.ScalarAsync<bool>(
            $"select exists (select 1 from planner.strategy_views where strategy_id = '{exerciseId}')"));
        var view = (await store.ViewAsync(strategyId))!.Value.View.ToJson();
        Assert.Contains("In the live plan", view);
        Assert.DoesNotContain("Only in play", view);
        Assert.Equal(missionId, await store.ScalarAsync<Guid>(
            $"select mission_id from planner.exercises where exercise_id = '{exerciseId}'"));
        Assert.Contains($"x:{exerciseId}", store.Delivered);
    }

    [Fact]
    public async Task A_batch_notifies_on_commit_the_mission_then_its_dashboard_then_each_change_carrying_itself()
    {
        var (missionId, strategyId, _) = await store.PlanningAsync("UNNTF");
        await store.ViewAtAsync(strategyId, 1);

        await store.AppendAsync<Mission>(missionId, "admin1", nameof(Role.Administrator), null,
            new MemberAssigned("planner2", Role.Planner, null));
        var version = await store.AppendAsync<Strategy>(strategyId, "planner2", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", Sample.Threat("Notified")));
        await store.ViewAtAsync(strategyId, version);

        foreach (var notices in new[] { store.Delivered, store.InProcess })
        {
            var mine = await NoticesAsync(notices, missionId, strategyId, $"c:{strategyId}:2:");
            var member = mine.LastIndexOf($"r:{missionId}");
            var change = mine.FindIndex(n => n.StartsWith($"c:{strategyId}:2:", StringComparison.Ordinal));
            var dashboard = mine.IndexOf($"m:{missionId}", Math.Max(member, 0));
            Assert.True(member >= 0 && member < dashboard && dashboard < change, string.Join("\n", mine));
            Assert.True(LiveViews.TryReadChangeNotice(mine[change], out _, out var viewVersion, out var json));
            Assert.Equal(2, viewVersion);
            Assert.Contains("\"actor\":\"planner2\"", json);
        }
    }

    /// <summary>The notices about the mission or its strategy, once one starting with <paramref name="last"/>
    /// came.</summary>
    private static async Task<List<string>> NoticesAsync(
        IEnumerable<string> notices, Guid missionId, Guid strategyId, string last)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var mine = notices
                .Where(n => n.Contains(missionId.ToString()) || n.Contains(strategyId.ToString())).ToList();
            if (mine.Any(n => n.StartsWith(last, StringComparison.Ordinal))) return mine;
            await Task.Delay(10);
        }
        throw new TimeoutException($"No notice {last} within 5 s.");
    }

    [Fact]
    public async Task Events_the_rows_already_reflect_are_passed_over_so_a_replay_of_the_feed_changes_nothing()
    {
        var (missionId, strategyId, _) = await store.PlanningAsync("UNRPL");
        var version = await store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", Sample.Threat("Applied once")));
        await store.ViewAtAsync(strategyId, version);
        var before = (await ChangesAsync(strategyId)).Select(c => $"{c.View} {c.Stream} {c.Event}").ToList();

        // As Marten's own rebuild would replay them into the same tables.
        await using var session = store.Store.LightweightSession();
        var events = (await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == missionId || e.StreamId == strategyId)
            .OrderBy(e => e.Sequence).ToListAsync()).ToList();
        foreach (var e in events)
            e.AggregateTypeName = e.StreamId == missionId
                ? MartenSetup.StreamType<Mission>() : MartenSetup.StreamType<Strategy>();
        await new PlanningViews(DemoApp.Json).ApplyAsync(session, events, CancellationToken.None);
        await session.SaveChangesAsync();

        Assert.Equal(before, (await ChangesAsync(strategyId)).Select(c => $"{c.View} {c.Stream} {c.Event}"));
        Assert.Equal(version, (await store.ViewAsync(strategyId))!.Value.View.ViewVersion);
    }

    [Fact]
    public async Task The_read_model_tables_are_what_the_store_declares()
    {
        await store.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
        Assert.Equal("l", await store.ScalarAsync<string>("""
            select attcompression::text from pg_attribute
            where attrelid = 'planner.strategy_changes'::regclass and attname = 'data'
            """));
    }

    private async Task<List<Change>> ChangesAsync(Guid strategyId)
    {
        await using var query = store.DataSource.CreateCommand("""
            select view_version, stream_version, actor, coalesce(role, ''), coalesce(data->>'reason', ''), event,
                   kinds, items, touched, data->>'summary'
            from planner.strategy_changes where strategy_id = @id order by view_version
            """);
        query.Parameters.AddWithValue("id", strategyId);
        var changes = new List<Change>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            changes.Add(new Change(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<string[]>(6),
                reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8), reader.GetString(9)));
        return changes;
    }

    private sealed record Change(
        long View, long Stream, string Actor, string Role, string Reason, string Event, string[] Kinds, string[] Items,
        string[] Touched, string Summary);
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>The planning hub: who may subscribe, and what subscribers receive (view changes, catch-up, presence).</summary>
public sealed class HubTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly Guid StrategyId = DemoApp.StrategyId;

    [Fact]
    public async Task Subscribing_is_refused_to_a_user_outside_the_mission_and_for_an_unknown_strategy_and_accepted_for_its_planner_and_HQ()
    {
        await using var outsider = await app.HubForAsync("planner3");
        await using var planner = await app.HubForAsync("planner1");
        await using var headquarters = await app.HubForAsync("hq1");

        var forbidden = await Assert.ThrowsAsync<HubException>(() => outsider.SubscribeAsync(StrategyId, 0));
        var unknown = await Assert.ThrowsAsync<HubException>(() => planner.SubscribeAsync(Guid.NewGuid(), 0));
        var plannerVersion = await planner.SubscribeAsync(StrategyId, long.MaxValue);
        var headquartersVersion = await headquarters.SubscribeAsync(StrategyId, long.MaxValue);

        Assert.Contains("forbidden", forbidden.Message);
        Assert.Contains("not found", unknown.Message);
        var viewVersion = (await (await app.ClientFor("planner1")).ViewAsync(StrategyId)).GetProperty("viewVersion").GetInt64();
        Assert.True(viewVersion > 0, "The demo strategy has a view.");
        Assert.Equal((viewVersion, viewVersion), (plannerVersion, headquartersVersion));
        // Further ahead than the view: told to refetch, from the current version.
        var resync = await planner.NextAsync("resync", Bound);
        Assert.Equal((StrategyId, viewVersion), (resync.GetProperty("strategyId").GetGuid(), resync.GetProperty("viewVersion").GetInt64()));
        // The outsider was not subscribed: a change reaches the planner and not them.
        var threat = await (await app.ClientFor("planner2")).IdentifyThreatAsync(StrategyId, Sample.Threat("Seen by members only"));
        Assert.Contains(Items(await planner.NextAsync("change", Bound), "threat"), c => c.GetProperty("id").GetString() == threat.Id.ToString());
        await outsider.InvokeAsync("Unsubscribe", StrategyId); // a round trip: anything pushed to the outsider came before its answer
        Assert.Empty(outsider.Drain("change"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task A_connection_without_a_valid_token_is_refused(string? token)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.Factory.HubAsync(token));

        Assert.Contains("401", refused.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync("/hubs/planning/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Fact]
    public async Task A_threat_planner2_identifies_reaches_planner1_as_the_next_view_change_with_the_actor_and_reason()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        await using var hub = await app.HubForAsync("planner1");
        var from = await hub.SubscribeFromViewAsync(planner1, StrategyId);

        var identified = await (await planner2.SendAsync(HttpMethod.Post, $"/api/strategies/{StrategyId}/threats?reason={Uri.EscapeDataString("Raised at the weekly SMG-P")}",
            new ThreatRequest(Sample.Threat("Night raids on the displacement site")))).ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);
        var added = await hub.NextAsync("change", Bound);
        var reassessed = await planner2.ReassessThreatAsync(StrategyId, identified.Item!, "Night raids on the displacement site, reassessed");
        var changed = await hub.NextAsync("change", Bound);

        Assert.Equal((StrategyId, from + 1, identified.Version), (added.GetProperty("strategyId").GetGuid(), ViewVersion(added), StreamVersion(added)));
        Assert.Equal(("planner2", "Raised at the weekly SMG-P", "threat_identified"),
            (added.GetProperty("actor").GetString(), added.GetProperty("reason").GetString(), added.GetProperty("event").GetString()));
        var threat = Assert.Single(Items(added, "threat"));
        Assert.Equal(("added", identified.Item!.Id.ToString()), (threat.GetProperty("op").GetString(), threat.GetProperty("id").GetString()));
        Assert.Equal("Night raids on the displacement site", threat.GetProperty("item").GetProperty("assessment").GetProperty("title").GetString());

        Assert.Equal((from + 2, reassessed.Stamp.Version), (ViewVersion(changed), StreamVersion(changed)));
        var threatChanged = Assert.Single(Items(changed, "threat"));
        Assert.Equal("changed", threatChanged.GetProperty("op").GetString());
        Assert.Equal("Night raids on the displacement site, reassessed", threatChanged.GetProperty("item").GetProperty("assessment").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task A_handler_reads_each_change_into_a_record_once_and_in_order_as_the_push_benchmarks_clients_do()
    {
        // The push benchmark's 200 clients read only these two numbers of each change, straight into a record.
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        await using var hub = app.Factory.NewHubConnection(await app.TokenAsync("planner1"));
        var arrived = System.Threading.Channels.Channel.CreateUnbounded<(Stamp Change, long At)>();
        hub.On<Stamp>("change", change => arrived.Writer.TryWrite((change, Stopwatch.GetTimestamp())));
        await hub.StartAsync();
        var from = await hub.SubscribeFromViewAsync(planner1, StrategyId);
        var before = Stopwatch.GetTimestamp();

        var first = await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat("Read by a typed handler"));
        var second = await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat("Read by a typed handler, again"));
        using var bound = new CancellationTokenSource(Bound);
        var (change, at) = await arrived.Reader.ReadAsync(bound.Token);
        var (next, _) = await arrived.Reader.ReadAsync(bound.Token);

        Assert.Equal((from + 1, first.Stamp.Version), (change.ViewVersion, change.StreamVersion));
        Assert.InRange(at, before, Stopwatch.GetTimestamp());
        Assert.Equal((from + 2, second.Stamp.Version), (next.ViewVersion, next.StreamVersion)); // not the first again
    }

    private sealed record Stamp(long ViewVersion, long StreamVersion);

    [Fact]
    public async Task Changes_too_large_to_ride_in_a_notification_reach_subscribers_in_order_between_small_ones()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        await using var hub = await app.HubForAsync("planner1");
        var from = await hub.SubscribeFromViewAsync(planner1, StrategyId);
        // 4,000 characters of non-ASCII text: more than the 8,000 bytes a PostgreSQL notification may carry.
        var longDescription = string.Concat(Enumerable.Repeat("é", 4000));
        Assert.Null(Server.Live.LiveViews.ChangeNotice(StrategyId, 1, JsonSerializer.Serialize(longDescription)));

        var small = await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat("Small change before a large one"));
        var large = await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat("Large change") with { Description = longDescription });
        var after = await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat("Small change after a large one"));
        var changes = await hub.ChangesUntilAsync(after.Stamp.Version);

        Assert.Equal([from + 1, from + 2, from + 3], changes.Select(ViewVersion));
        Assert.Equal([small.Id, large.Id, after.Id], changes.Select(change => Items(change, "threat").Single().GetProperty("id").GetGuid()));
        Assert.Equal(longDescription, Items(changes[1], "threat").Single().GetProperty("item").GetProperty("assessment").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_subscriber_from_an_old_version_gets_exactly_the_changes_it_missed_in_order_then_the_live_ones()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        var from = (await planner1.ViewAsync(StrategyId)).GetProperty("viewVersion").GetInt64();
        var versions = new List<long>();
        for (var i = 1; i <= 3; i++) versions.Add((await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat($"Missed threat {i}"))).Stamp.Version);
        await planner1.ViewAsync(StrategyId, minVersion: versions[^1]);
        await using var hub = await app.HubForAsync("planner1");

        // Commands keep coming while the subscriber catches up: the missed and the live changes must join without a seam.
        var live = Task.Run(async () =>
        {
            var liveVersions = new List<long>();
            for (var i = 1; i <= 4; i++) liveVersions.Add((await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat($"Live threat {i}"))).Stamp.Version);
            return liveVersions;
        });
        await hub.SubscribeAsync(StrategyId, from);
        versions.AddRange(await live);
        var changes = await hub.ChangesUntilAsync(versions[^1]);
        var sentinel = await planner2.IdentifyThreatAsync(StrategyId, Sample.Threat("After the catch-up"));
        var next = await hub.NextAsync("change", Bound);

        AssertConsecutive(from, changes);
        Assert.Equal(versions, changes.Select(StreamVersion));
        Assert.Equal(["Missed threat 1", "Missed threat 2", "Missed threat 3", "Live threat 1", "Live threat 2", "Live threat 3", "Live threat 4"],
            changes.Select(c => Items(c, "threat").Single().GetProperty("item").GetProperty("assessment").GetProperty("title").GetString()));
        Assert.Equal((from + changes.Count + 1, sentinel.Stamp.Version), (ViewVersion(next), StreamVersion(next)));
    }

    [Fact]
    public async Task An_activity_without_lead_pushes_its_coherence_finding_and_a_submission_pushes_the_lifecycle()
    {
        var (_, strategyId, _) = await app.MissionWithDraftStrategyAsync();
        var planner1 = await app.ClientFor("planner1");
        var threat = (await planner1.StrategyAsync(strategyId)).Threats.Single();
        await planner1.ViewAsync(strategyId, minVersion: threat.Stamp.Version);
        await using var hub = await app.HubForAsync("planner2");
        var from = await hub.SubscribeFromViewAsync(await app.ClientFor("planner2"), strategyId);

        var activity = await planner1.PlanActivityAsync(strategyId, Sample.Activity(threat.Id, "Early-warning radio messages"));
        var planned = await hub.NextAsync("change", Bound);
        var version = (await planner1.StrategyAsync(strategyId)).Version;
        var submitted = await (await planner1.SendAsync(HttpMethod.Post,
            $"/api/strategies/{strategyId}/submit?reason=Ready",
                ifMatch: version)).ReadAsync<CommandResult<LifecycleView>>();
        var submission = await hub.NextAsync("change", Bound);

        Assert.Equal(from + 1, ViewVersion(planned));
        Assert.Equal("added", Assert.Single(Items(planned, "activity")).GetProperty("op").GetString());
        var findings = Items(planned, "finding").ToList();
        var finding = Assert.Single(findings, f => f.GetProperty("op").GetString() == "added");
        Assert.Equal("ActivityWithoutLead", finding.GetProperty("item").GetProperty("kind").GetString());
        // The threat, at high risk, had no activity until now: that finding goes.
        var answered = Assert.Single(findings, f => f.GetProperty("op").GetString() == "removed");
        Assert.Equal($"HighRiskThreatWithoutActivity:{threat.Id}", answered.GetProperty("id").GetString());
        Assert.Equal(activity.Id, finding.GetProperty("item").GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Contains(Items(planned, "coverage"), c => c.GetProperty("id").GetString() == threat.Id.ToString());

        Assert.Equal((from + 2, submitted.Version), (ViewVersion(submission), StreamVersion(submission)));
        var lifecycle = Assert.Single(Items(submission, "lifecycle"));
        Assert.Equal((JsonValueKind.Null, "Submitted"), (lifecycle.GetProperty("id").ValueKind, lifecycle.GetProperty("item").GetProperty("stage").GetString()));
        var step = Assert.Single(lifecycle.GetProperty("item").GetProperty("steps").EnumerateArray());
        Assert.Equal(("Submitted", "planner1", "Ready", submitted.Version),
            (step.GetProperty("step").GetString(), step.GetProperty("by").GetString(),
                step.GetProperty("reason").GetString(),
                step.GetProperty("streamVersion").GetInt64()));
    }

    [Fact]
    public async Task A_component_capacity_change_reaches_the_strategy_subscribers_and_a_mission_change_the_view_does_not_show_does_not()
    {
        var (missionId, strategyId, forceId) = await app.MissionWithDraftStrategyAsync();
        var planner1 = await app.ClientFor("planner1");
        var admin = await app.ClientFor("admin1");
        var view = await planner1.ViewAsync(strategyId, minVersion: (await planner1.StrategyAsync(strategyId)).Version);
        await using var hub = await app.HubForAsync("planner2");
        var from = view.GetProperty("viewVersion").GetInt64();
        await hub.SubscribeAsync(strategyId, from);

        await (await admin.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/members/observer1",
            new MemberRequest(Domain.Common.Role.Observer, null))).ReadAsync<JsonElement>();
        await (await admin.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/components/{forceId}",
            new ReviseComponentRequest("Force", new Capacity(1200, [new Asset("Utility helicopter", 4)])))).ReadAsync<JsonElement>();
        var revised = await hub.NextAsync("change", Bound);

        // Members are not in the plan view: only the capacity made a view version, on the same stream version.
        Assert.Equal((from + 1, view.GetProperty("streamVersion").GetInt64()), (ViewVersion(revised), StreamVersion(revised)));
        Assert.Equal(("admin1", "component_revised"), (revised.GetProperty("actor").GetString(), revised.GetProperty("event").GetString()));
        var component = Assert.Single(Items(revised, "component"));
        Assert.Equal(("changed", forceId.ToString()), (component.GetProperty("op").GetString(), component.GetProperty("id").GetString()));
        Assert.Equal(1200, component.GetProperty("item").GetProperty("capacity").GetProperty("personnel").GetInt32());
    }

    [Fact]
    public async Task Subscribers_see_each_other_and_what_each_edits_and_a_closed_connection_leaves_the_presence()
    {
        var threat = await (await app.ClientFor("planner2")).IdentifyThreatAsync(StrategyId, Sample.Threat("Edited under the eyes of planner1"));
        await using var planner1 = await app.HubForAsync("planner1");
        var planner2 = await app.HubForAsync("planner2");
        await planner1.SubscribeAsync(StrategyId, long.MaxValue);

        await planner2.SubscribeAsync(StrategyId, long.MaxValue);
        var both = await planner1.NextAsync("presence", p => Viewers(p).SetEquals(["planner1", "planner2"]), Bound);
        await planner2.NextAsync("presence", p => Viewers(p).SetEquals(["planner1", "planner2"]), Bound);
        await planner2.InvokeAsync("Editing", StrategyId, threat.Id);
        var editing = await planner1.NextAsync("presence", p => p.GetProperty("editing").GetArrayLength() > 0, Bound);
        await planner2.DisposeAsync();
        var left = await planner1.NextAsync("presence", p => !Viewers(p).Contains("planner2"), Bound);

        Assert.Equal(StrategyId, both.GetProperty("strategyId").GetGuid());
        Assert.Contains(both.GetProperty("viewers").EnumerateArray(), v => v.GetProperty("user").GetString() == "planner2" && v.GetProperty("role").GetString() == "Planner");
        var edit = Assert.Single(editing.GetProperty("editing").EnumerateArray());
        Assert.Equal(("planner2", threat.Id), (edit.GetProperty("user").GetString(), edit.GetProperty("itemId").GetGuid()));
        Assert.Equal(["planner1"], Viewers(left));
        Assert.Equal(0, left.GetProperty("editing").GetArrayLength());
    }

    private static HashSet<string> Viewers(JsonElement presence) =>
        presence.GetProperty("viewers").EnumerateArray().Select(v => v.GetProperty("user").GetString()!).ToHashSet();
}

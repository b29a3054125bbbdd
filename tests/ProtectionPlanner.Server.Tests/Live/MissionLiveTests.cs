using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>A mission page's live changes: <c>SubscribeMission</c>, <c>missionChange</c>,
/// <c>UnsubscribeMission</c>.</summary>
public sealed class MissionLiveTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static async Task<long> SubscribeMissionAsync(HubConnection hub, Guid missionId, long lastSeenVersion) =>
        (await hub.InvokeAsync<JsonElement>("SubscribeMission", missionId, lastSeenVersion))
            .GetProperty("version").GetInt64();

    private static string? Text(JsonElement change, string name) => change.GetProperty(name).GetString();

    private static long Number(JsonElement change, string name) => change.GetProperty(name).GetInt64();

    [Fact]
    public async Task Another_planners_component_change_reaches_the_mission_page_with_who_made_it_in_order()
    {
        var (missionId, _, forceId) = await app.MissionWithDraftStrategyAsync();
        var planner2 = await app.ClientFor("planner2");
        var mission = await (await planner2.GetAsync($"/api/missions/{missionId}")).ReadAsync<MissionView>();
        await using var page = await app.HubForAsync("planner1");
        Assert.Equal(mission.Version, await SubscribeMissionAsync(page, missionId, mission.Version));

        var revised = await planner2.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/components/{forceId}",
            new ReviseComponentRequest("Force", new Capacity(1500, [])));
        var answer = await revised.ReadAsync<CommandResult<Component>>();
        var added = await (await planner2.SendAsync(HttpMethod.Post,
                $"/api/missions/{missionId}/areas?reason=new%20sector", new AreaRequest("Sector East", null)))
            .ReadAsync<CommandResult<AreaOfOperation>>(HttpStatusCode.Created);
        var first = await page.NextAsync("missionChange", Bound);
        var second = await page.NextAsync("missionChange", Bound);

        Assert.Equal((mission.Version + 1, mission.Version, answer.Version),
            (Number(first, "version"), Number(first, "previousVersion"), answer.Item!.Stamp!.Version));
        Assert.Equal(("component", "changed", forceId.ToString(), "planner2"),
            (Text(first, "kind"), Text(first, "op"), Text(first, "id"), Text(first, "actor")));
        var item = first.GetProperty("item");
        Assert.Equal(1500, item.GetProperty("capacity").GetProperty("personnel").GetInt32());
        Assert.Equal("planner2", item.GetProperty("stamp").GetProperty("changedBy").GetString());
        Assert.Equal(("area", "added", added.Version, "new sector"),
            (Text(second, "kind"), Text(second, "op"), Number(second, "version"), Text(second, "reason")));
    }

    [Fact]
    public async Task A_page_subscribing_from_an_older_version_first_gets_the_changes_it_missed()
    {
        var (missionId, _, forceId) = await app.MissionWithDraftStrategyAsync();
        var planner2 = await app.ClientFor("planner2");
        var before = (await (await planner2.GetAsync($"/api/missions/{missionId}")).ReadAsync<MissionView>()).Version;
        await (await planner2.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/partners",
                new PartnerRequest(PartnerKind.CivilSociety, "Women's network", null)))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await planner2.SendAsync(HttpMethod.Delete, $"/api/missions/{missionId}/components/{forceId}"))
            .ReadAsync<JsonElement>();
        await using var page = await app.HubForAsync("planner1");

        var current = await SubscribeMissionAsync(page, missionId, before);
        var partner = await page.NextAsync("missionChange", Bound);
        var removed = await page.NextAsync("missionChange", Bound);

        Assert.Equal(before + 2, current);
        Assert.Equal((before + 1, "partner", "added"),
            (Number(partner, "version"), Text(partner, "kind"), Text(partner, "op")));
        Assert.Equal((before + 2, "component", "removed", JsonValueKind.Null), (Number(removed, "version"),
            Text(removed, "kind"), Text(removed, "op"), removed.GetProperty("item").ValueKind));
    }

    [Fact]
    public async Task A_user_who_may_not_read_the_mission_cannot_subscribe_to_it()
    {
        await using var outsider = await app.HubForAsync("planner3");

        var refused = await Assert.ThrowsAsync<HubException>(
            () => SubscribeMissionAsync(outsider, DemoApp.MissionId, 0));
        var unknown = await Assert.ThrowsAsync<HubException>(() => SubscribeMissionAsync(outsider, Guid.NewGuid(), 0));

        Assert.Contains("forbidden", refused.Message);
        Assert.Contains("not found", unknown.Message);
    }

    [Fact]
    public async Task An_unsubscribed_page_gets_no_more_changes()
    {
        var (missionId, _, forceId) = await app.MissionWithDraftStrategyAsync();
        var planner2 = await app.ClientFor("planner2");
        await using var page = await app.HubForAsync("planner1");
        await using var watcher = await app.HubForAsync("reviewer1");
        await SubscribeMissionAsync(page, missionId, long.MaxValue);
        await SubscribeMissionAsync(watcher, missionId, long.MaxValue);
        page.Drain("missionResync");
        watcher.Drain("missionResync");

        await page.InvokeAsync("UnsubscribeMission", missionId);
        await (await planner2.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/components/{forceId}",
            new ReviseComponentRequest("Force", new Capacity(10, [])))).ReadAsync<JsonElement>();
        await watcher.NextAsync("missionChange", Bound);

        Assert.Empty(page.Drain("missionChange"));
    }
}

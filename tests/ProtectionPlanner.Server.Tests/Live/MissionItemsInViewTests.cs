using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>The mission's areas and partners in the plan view of its strategy: live, and as they stood in a past
/// version.</summary>
public sealed class MissionItemsInViewTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task An_added_partner_and_area_reach_subscribers_as_changes_of_kind_partner_and_area_with_a_sentence()
    {
        var (missionId, strategyId, _) = await app.MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        await using var hub = await app.HubForAsync("planner2");
        var drafted = await planner.ViewAsync(strategyId, (await planner.StrategyAsync(strategyId)).Version);
        await hub.SubscribeAsync(strategyId, drafted.GetProperty("viewVersion").GetInt64());

        var partner = await AddPartnerAsync(planner, missionId, "Women's Protection Network (fictional)");
        var area = (await (await planner.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/areas",
                new AreaRequest("West bank (fictional)", "Villages along the river")))
            .ReadAsync<CommandResult<AreaOfOperation>>(HttpStatusCode.Created)).Item!;
        var partnerChange = await hub.NextAsync("change", Bound);
        var areaChange = await hub.NextAsync("change", Bound);

        var added = Assert.Single(Items(partnerChange, "partner"));
        Assert.Equal(("added", partner.Id.ToString(), "Women's Protection Network (fictional)", "CivilSociety"),
            (added.GetProperty("op").GetString(), added.GetProperty("id").GetString(),
                added.GetProperty("item").GetProperty("name").GetString(),
                added.GetProperty("item").GetProperty("kind").GetString()));
        Assert.Equal("planner1 added partner 'Women's Protection Network (fictional)'",
            partnerChange.GetProperty("summary").GetString());
        var addedArea = Assert.Single(Items(areaChange, "area"));
        Assert.Equal((area.Id.ToString(), "Villages along the river"), (addedArea.GetProperty("id").GetString(),
            addedArea.GetProperty("item").GetProperty("description").GetString()));
        var view = await planner.ViewAsync(strategyId);
        Assert.Equal([partner.Id], Ids(view, "partners"));
        Assert.Equal([area.Id], Ids(view, "areas"));

        await (await planner.SendAsync(HttpMethod.Delete, $"/api/missions/{missionId}/partners/{partner.Id}"))
            .ReadAsync<JsonElement>();
        var removed = Assert.Single(Items(await hub.NextAsync("change", Bound), "partner"));
        Assert.Equal(("removed", partner.Id.ToString()), (removed.GetProperty("op").GetString(),
            removed.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_plan_as_of_a_past_version_names_the_partners_the_mission_had_then()
    {
        var (missionId, strategyId, _) = await app.MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        var first = (await planner.StrategyAsync(strategyId)).Version;
        var early = await AddPartnerAsync(planner, missionId, "County commissioner's office (fictional)");
        var second = (await planner.IdentifyThreatAsync(strategyId, Sample.Threat("Raids after the partner came")))
            .Stamp.Version;
        await (await planner.SendAsync(HttpMethod.Delete, $"/api/missions/{missionId}/partners/{early.Id}"))
            .ReadAsync<JsonElement>();
        var late = await AddPartnerAsync(planner, missionId, "Youth association (fictional)");

        var atFirst = await AsOfAsync(planner, strategyId, first);
        var atSecond = await AsOfAsync(planner, strategyId, second);

        Assert.Empty(atFirst.GetProperty("partners").EnumerateArray());
        Assert.Equal([early.Id], Ids(atSecond, "partners"));
        await app.ViewsCaughtUpAsync();
        Assert.Equal([late.Id], Ids(await planner.ViewAsync(strategyId), "partners"));
    }

    private static IEnumerable<Guid> Ids(JsonElement view, string list) =>
        view.GetProperty(list).EnumerateArray().Select(item => item.GetProperty("id").GetGuid());

    private static async Task<Partner> AddPartnerAsync(HttpClient planner, Guid missionId, string name) =>
        (await (await planner.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/partners",
            new PartnerRequest(PartnerKind.CivilSociety, name, null))).ReadAsync<CommandResult<Partner>>(
            HttpStatusCode.Created)).Item!;

    private static async Task<JsonElement> AsOfAsync(HttpClient client, Guid strategyId, long version) =>
        await (await client.GetAsync($"/api/strategies/{strategyId}/as-of?version={version}")).ReadAsync<JsonElement>();
}

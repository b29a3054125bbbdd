using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Each part of a mission's profile carries its own version: If-Match on an item is that item's
/// version.</summary>
public sealed class MissionItemVersionTests(DemoApp app) : IClassFixture<DemoApp>
{
    private async Task<(Guid MissionId, Component Force, Component Police)> MissionWithTwoComponentsAsync()
    {
        var (missionId, _, forceId) = await app.MissionWithDraftStrategyAsync();
        var admin = await app.ClientFor("admin1");
        var police = (await (await admin.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/components",
                new AddComponentRequest(ComponentKind.Police, "UNPOL", new Capacity(300, []))))
            .ReadAsync<CommandResult<Component>>(HttpStatusCode.Created)).Item!;
        var mission = await (await admin.GetAsync($"/api/missions/{missionId}")).ReadAsync<MissionView>();
        return (missionId, mission.Components.Single(c => c.Id == forceId), police);
    }

    private static string ComponentUrl(Guid missionId, Guid componentId) =>
        $"/api/missions/{missionId}/components/{componentId}";

    [Fact]
    public async Task The_mission_shows_each_component_area_partner_and_the_mandate_with_its_own_stamp()
    {
        var (missionId, force, police) = await MissionWithTwoComponentsAsync();
        var admin = await app.ClientFor("admin1");
        var partner = (await (await admin.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/partners",
                new PartnerRequest(PartnerKind.CivilSociety, "Women's network", null)))
            .ReadAsync<CommandResult<Partner>>(HttpStatusCode.Created)).Item!;

        var mission = await (await admin.GetAsync($"/api/missions/{missionId}")).ReadAsync<MissionView>();
        var single = await admin.GetAsync(ComponentUrl(missionId, police.Id));

        Assert.Equal((1L, "admin1"), (mission.MandateStamp!.Version, mission.MandateStamp.ChangedBy));
        Assert.True(force.Stamp!.Version < police.Stamp!.Version);
        Assert.Equal(partner.Stamp!.Version, mission.Version);
        Assert.Equal(police.Stamp.Version, single.ETagVersion());
        Assert.NotEqual(mission.Version, single.ETagVersion());
    }

    [Fact]
    public async Task Two_planners_on_two_nodes_editing_different_components_at_once_both_succeed()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor(otherNode, "planner2");
        var (missionId, force, police) = await MissionWithTwoComponentsAsync();
        for (var round = 1; round <= 3; round++)
        {
            var responses = await Task.WhenAll(
                planner1.SendAsync(HttpMethod.Put, ComponentUrl(missionId, force.Id),
                    new ReviseComponentRequest("Force", new Capacity(800 + round, [])), ifMatch: force.Stamp!.Version),
                planner2.SendAsync(HttpMethod.Put, ComponentUrl(missionId, police.Id),
                    new ReviseComponentRequest("UNPOL", new Capacity(300 + round, [])),
                    ifMatch: police.Stamp!.Version));

            force = (await responses[0].ReadAsync<CommandResult<Component>>()).Item!;
            police = (await responses[1].ReadAsync<CommandResult<Component>>()).Item!;
            Assert.Equal((800 + round, "planner1"), (force.Capacity.Personnel, force.Stamp!.ChangedBy));
            Assert.Equal((300 + round, "planner2"), (police.Capacity.Personnel, police.Stamp!.ChangedBy));
            Assert.Equal(force.Stamp.Version, responses[0].ETagVersion());
        }
    }

    [Fact]
    public async Task Two_planners_on_two_nodes_editing_the_same_component_one_wins_and_the_other_gets_409_with_it_now()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor(otherNode, "planner2");
        var (missionId, force, _) = await MissionWithTwoComponentsAsync();
        for (var round = 1; round <= 3; round++)
        {
            var responses = await Task.WhenAll(
                planner1.SendAsync(HttpMethod.Put, ComponentUrl(missionId, force.Id),
                    new ReviseComponentRequest("Force", new Capacity(1000 + round, [])), ifMatch: force.Stamp!.Version),
                planner2.SendAsync(HttpMethod.Put, ComponentUrl(missionId, force.Id),
                    new ReviseComponentRequest("Force", new Capacity(2000 + round, [])),
                    ifMatch: force.Stamp!.Version));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? "planner1" : "planner2";
            var won = (await responses.Single(r => r.StatusCode == HttpStatusCode.OK)
                .ReadAsync<CommandResult<Component>>()).Item!;
            var problem = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict)
                .ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
            Assert.Equal((won.Stamp!.Version, force.Stamp.Version, winner),
                (problem.GetProperty("currentVersion").GetInt64(), problem.GetProperty("yourVersion").GetInt64(),
                    problem.GetProperty("changedBy").GetString()));
            PlanningApi.AssertSame(won, problem.GetProperty("current").Deserialize<Component>(DemoApp.Json));
            force = won;
        }
    }

    [Fact]
    public async Task A_stale_mandate_version_gets_409_with_the_mandate_as_it_is_now_and_no_If_Match_is_still_accepted()
    {
        var (missionId, force, _) = await MissionWithTwoComponentsAsync();
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        var renewed = Sample.Mandate() with { Resolution = "S/RES/0002 (2026) (fictional, tests)" };
        var mission = await (await planner1.GetAsync($"/api/missions/{missionId}")).ReadAsync<MissionView>();
        // A component edit moves the mission's version, not the mandate's.
        await (await planner2.SendAsync(HttpMethod.Put, ComponentUrl(missionId, force.Id),
            new ReviseComponentRequest("Force", new Capacity(950, [])), ifMatch: force.Stamp!.Version))
            .ReadAsync<JsonElement>();

        var updated = await planner1.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/mandate",
            new MandateRequest(renewed), ifMatch: mission.MandateStamp!.Version);
        var answer = await updated.ReadAsync<CommandResult<MandateItem>>();
        var stale = await planner2.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/mandate",
            new MandateRequest(Sample.Mandate()), ifMatch: mission.MandateStamp.Version);
        var unconditional = await planner2.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/mandate",
            new MandateRequest(Sample.Mandate()));

        Assert.Equal((renewed, "planner1"), (answer.Item!.Mandate, answer.Item.Stamp!.ChangedBy));
        Assert.Equal(answer.Item.Stamp.Version, updated.ETagVersion());
        var problem = await stale.ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal("planner1", problem.GetProperty("changedBy").GetString());
        Assert.Equal(renewed, problem.GetProperty("current").Deserialize<Mandate>(DemoApp.Json));
        Assert.Equal(Sample.Mandate(), (await unconditional.ReadAsync<CommandResult<MandateItem>>()).Item!.Mandate);
    }

    [Fact]
    public async Task Removing_a_component_with_a_stale_version_is_refused_and_removes_nothing()
    {
        var (missionId, force, _) = await MissionWithTwoComponentsAsync();
        var planner1 = await app.ClientFor("planner1");
        await (await planner1.SendAsync(HttpMethod.Put, ComponentUrl(missionId, force.Id),
            new ReviseComponentRequest("Force", new Capacity(700, [])), ifMatch: force.Stamp!.Version))
            .ReadAsync<JsonElement>();

        var stale = await planner1.SendAsync(
            HttpMethod.Delete, ComponentUrl(missionId, force.Id), ifMatch: force.Stamp.Version);

        await stale.ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal(HttpStatusCode.OK, (await planner1.GetAsync(ComponentUrl(missionId, force.Id))).StatusCode);
    }
}

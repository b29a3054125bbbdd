using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Activities counting on partners of the mission, on a mission of their own (a draft with one threat, an
/// activity led by the Force and a partner).</summary>
public sealed class PartnerSupportTests(DemoApp app) : IClassFixture<DemoApp>
{
    private const string Escorts = "Escorts the market-day convoys from Rubkona";

    private sealed record Plan(Guid StrategyId, Guid ActivityId, Partner Partner, HttpClient Planner, long Version)
    {
        public string Url(Guid? partnerId = null, Guid? activityId = null) =>
            $"/api/strategies/{StrategyId}/activities/{activityId ?? ActivityId}/partners/{partnerId ?? Partner.Id}";
    }

    private async Task<Plan> ActivityAndPartnerAsync()
    {
        var (missionId, strategyId, forceId) = await app.MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        var partner = (await (await planner.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/partners",
                new PartnerRequest(PartnerKind.HostStateSecurityForces, "National Police Service (fictional)", null)))
            .ReadAsync<CommandResult<Partner>>(HttpStatusCode.Created)).Item!;
        var threat = (await planner.StrategyAsync(strategyId)).Threats.Single();
        var activity = await planner.PlanActivityAsync(strategyId, Sample.Activity(threat.Id));
        var lead = await (await planner.SendAsync(HttpMethod.Put,
            $"/api/strategies/{strategyId}/activities/{activity.Id}/lead",
            new AssignmentRequest(forceId, Sample.Commitment(30)))).ReadAsync<CommandResult<JsonElement>>();
        return new Plan(strategyId, activity.Id, partner, planner, lead.Version);
    }

    [Fact]
    public async Task Counting_on_a_partner_answers_201_and_the_plan_view_names_the_partner_outside_the_workload()
    {
        var plan = await ActivityAndPartnerAsync();
        var before = await plan.Planner.ViewAsync(plan.StrategyId, plan.Version);

        var response = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(), new PartnerSupportRequest(Escorts));

        var answer = await response.ReadAsync<CommandResult<PartnerSupport>>(HttpStatusCode.Created);
        Assert.Equal(plan.Url(), response.Headers.Location?.OriginalString);
        Assert.Equal((plan.Partner.Id, Escorts, answer.Version), (answer.Item!.PartnerId, answer.Item.Contribution,
            answer.Item.Stamp.Version));
        Assert.Equal(answer.Version, response.ETagVersion());
        var view = await plan.Planner.ViewAsync(plan.StrategyId, answer.Version);
        var entry = Assert.Single(Activity(view, plan.ActivityId).GetProperty("partners").EnumerateArray());
        Assert.Equal(
            (plan.Partner.Id, "National Police Service (fictional)", "HostStateSecurityForces", Escorts,
                answer.Version),
            (entry.GetProperty("partnerId").GetGuid(), entry.GetProperty("partnerName").GetString(),
                entry.GetProperty("kind").GetString(), entry.GetProperty("contribution").GetString(),
                entry.GetProperty("stamp").GetProperty("version").GetInt64()));
        Assert.Equal(Workload(before), Workload(view));
        var force = view.GetProperty("coherence").GetProperty("workload")[0];
        Assert.Equal(30, force.GetProperty("personnelCommitted").GetInt64());
    }

    [Fact]
    public async Task A_contribution_is_changed_with_the_entrys_version_and_a_stale_one_is_an_item_conflict()
    {
        var plan = await ActivityAndPartnerAsync();
        var first = await (await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(), new PartnerSupportRequest(Escorts)))
            .ReadAsync<CommandResult<PartnerSupport>>(HttpStatusCode.Created);
        var planner2 = await app.ClientFor("planner2");

        var changed = await (await planner2.SendAsync(HttpMethod.Put, plan.Url(), new PartnerSupportRequest("Cordons"),
            ifMatch: first.Version)).ReadAsync<CommandResult<PartnerSupport>>();
        var stale = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(), new PartnerSupportRequest("Patrols"),
            ifMatch: first.Version);
        var unversioned = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(),
            new PartnerSupportRequest("Patrols"));

        Assert.Equal("Cordons", changed.Item!.Contribution);
        var conflict = await stale.ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal(changed.Version, conflict.GetProperty("currentVersion").GetInt64());
        Assert.Equal("planner2", conflict.GetProperty("changedBy").GetString());
        Assert.Equal("Cordons", conflict.GetProperty("current").GetProperty("contribution").GetString());
        await unversioned.ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal(changed.Version, (await plan.Planner.StrategyAsync(plan.StrategyId)).Version);
    }

    [Fact]
    public async Task No_longer_counting_on_a_partner_needs_the_entrys_version_and_takes_it_off_the_plan_view()
    {
        var plan = await ActivityAndPartnerAsync();
        var counted = await (await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(),
                new PartnerSupportRequest(Escorts)))
            .ReadAsync<CommandResult<PartnerSupport>>(HttpStatusCode.Created);

        var unversioned = await plan.Planner.SendAsync(HttpMethod.Delete, plan.Url());
        var removed = await (await plan.Planner.SendAsync(HttpMethod.Delete, plan.Url(), ifMatch: counted.Version))
            .ReadAsync<CommandResult<JsonElement>>();

        await unversioned.ProblemAsync(HttpStatusCode.PreconditionRequired, "/problems/precondition-required");
        Assert.True(removed.Changed);
        var view = await plan.Planner.ViewAsync(plan.StrategyId, removed.Version);
        Assert.Empty(Activity(view, plan.ActivityId).GetProperty("partners").EnumerateArray());
        var history = await (await plan.Planner.GetAsync($"/api/strategies/{plan.StrategyId}/history?limit=2"))
            .ReadAsync<JsonElement>();
        var sentences = history.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("summary").GetString()!).ToList();
        const string police = "National Police Service (fictional)";
        const string activity = "activity A-01 'Community dialogue between the two banks'";
        Assert.Equal([$"planner1 stopped counting on {police} for {activity}",
            $"planner1 counted on {police} for {activity} ('{Escorts}')"], sentences);
    }

    [Fact]
    public async Task An_unknown_activity_a_foreign_partner_or_a_blank_contribution_is_refused_and_appends_nothing()
    {
        var plan = await ActivityAndPartnerAsync();
        var otherMission = await (await plan.Planner.GetAsync($"/api/missions/{DemoApp.MissionId}"))
            .ReadAsync<MissionView>();
        var version = (await plan.Planner.StrategyAsync(plan.StrategyId)).Version;

        var unknownActivity = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(activityId: Guid.NewGuid()),
            new PartnerSupportRequest(Escorts));
        var foreignPartner = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(otherMission.Partners[0].Id),
            new PartnerSupportRequest(Escorts));
        var blank = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(), new PartnerSupportRequest(" "));
        var tooLong = await plan.Planner.SendAsync(HttpMethod.Put, plan.Url(),
            new PartnerSupportRequest(new string('x', 4001)));
        var missing = await plan.Planner.SendRawAsync(HttpMethod.Put, plan.Url(), "{}");
        var notCounted = await plan.Planner.SendAsync(HttpMethod.Delete, plan.Url(), ifMatch: version);

        Assert.Contains("Activity", (await unknownActivity.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found"))
            .GetProperty("detail").GetString());
        Assert.Contains("Partner", (await foreignPartner.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found"))
            .GetProperty("detail").GetString());
        foreach (var invalid in new[] { blank, tooLong, missing })
        {
            var problem = await invalid.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty("contribution", out _), problem.ToString());
        }
        await notCounted.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(version, (await plan.Planner.StrategyAsync(plan.StrategyId)).Version);
    }

    private static JsonElement Activity(JsonElement view, Guid id) =>
        view.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);

    private static string Workload(JsonElement view) =>
        view.GetProperty("coherence").GetProperty("workload").GetRawText();
}

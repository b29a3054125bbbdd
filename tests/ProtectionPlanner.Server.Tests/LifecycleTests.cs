using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Draft, submitted, endorsed, approved, reviewed at HQ, returned, revised: each rule through HTTP. Each test
/// plans on a mission of its own (one strategy per mission), registered and staffed by admin1.</summary>
public sealed class LifecycleTests(DemoApp app) : IClassFixture<DemoApp>
{
    /// <summary>A new mission whose draft strategy has one threat and one activity led by the Force: it can go all the way.</summary>
    private sealed record MissionWithDraftStrategy(Guid MissionId, Guid StrategyId, Guid ForceId, Guid CivilAffairsId, Threat Threat, Item<ActivityDetails> Activity);

    [Fact]
    public async Task A_strategy_goes_from_draft_through_submission_endorsement_and_approval_to_review_at_HQ()
    {
        var mission = await MissionWithDraftStrategyAsync();

        var submitted = await StepAsync("planner2", mission, "submit");
        var endorsed = await StepAsync("reviewer1", mission, "endorse", new CommentsRequest("Endorsed at the SMG-P of 12 May"));
        var approved = await StepAsync("hom1", mission, "approve", new CommentsRequest(null));
        var reviewed = await StepAsync("hq1", mission, "hq-review", new CommentsRequest("Consistent with the DPO policy"));

        Assert.Equal(
            [Stage.Submitted, Stage.Endorsed, Stage.Approved, Stage.ReviewedAtHq],
            (await Task.WhenAll(new[] { submitted, endorsed, approved, reviewed }.Select(r => r.ReadAsync<CommandResult<LifecycleView>>())))
                .Select(r => r.Item!.Stage));
        var strategy = await (await app.ClientFor("observer1")).StrategyAsync(mission.StrategyId);
        Assert.Equal((Stage.ReviewedAtHq, 1), (strategy.Stage, strategy.Revision));
        Assert.Equal("hq1", strategy.LifecycleStamp!.ChangedBy);
        Assert.NotNull(strategy.LastApprovedVersion);
    }

    [Fact]
    public async Task Approval_is_refused_while_an_activity_supporting_a_non_UN_force_lacks_due_diligence_or_an_activity_has_no_lead()
    {
        var mission = await MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        var support = await planner.PlanActivityAsync(mission.StrategyId, Sample.Activity(mission.Threat.Id, "Fuel for the host-state police patrols",
            Tier.PhysicalProtection, Phase.PreEmption, supportedSecurityForce: "National Police Service (fictional)"));
        await AssignLeadAsync(planner, mission, support.Id, mission.ForceId);
        var leaderless = await planner.PlanActivityAsync(mission.StrategyId, Sample.Activity(mission.Threat.Id, "Safe-access lighting", Tier.ProtectiveEnvironment));
        await AdvanceAsync("planner1", mission, "submit");
        await AdvanceAsync("reviewer1", mission, "endorse", new CommentsRequest(null));
        var events = await app.EventCountAsync();

        var refused = await StepAsync("hom1", mission, "approve", new CommentsRequest(null));

        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "/problems/rule-violated/approval-blocked");
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains(support.Code!) && p.Contains("Due Diligence"));
        Assert.Contains(problems, p => p.Contains(leaderless.Code!) && p.Contains("no lead"));
        Assert.Equal(events, await app.EventCountAsync());
        Assert.Equal(Stage.Endorsed, (await planner.StrategyAsync(mission.StrategyId)).Stage);

        await AdvanceAsync("hom1", mission, "return", new ReturnRequest("Assess the support to the police; give the lighting a lead."));
        var assessed = await planner.SendAsync(HttpMethod.Put, $"/api/strategies/{mission.StrategyId}/activities/{support.Id}/due-diligence",
            new DueDiligenceRequest(new DueDiligenceAssessment("National Police Service (fictional)", Level.Medium, "Reports of ill-treatment in custody",
                "Support limited to fuel for patrols; monthly monitoring by the Human Rights Division", DueDiligenceConclusion.ProceedWithMitigation, new DateOnly(2026, 5, 20))));
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        await AssignLeadAsync(planner, mission, leaderless.Id, mission.CivilAffairsId);
        await AdvanceAsync("planner1", mission, "submit");
        await AdvanceAsync("reviewer1", mission, "endorse", new CommentsRequest(null));

        var approved = await StepAsync("hom1", mission, "approve", new CommentsRequest("Approved"));

        Assert.Equal(Stage.Approved, (await approved.ReadAsync<CommandResult<LifecycleView>>()).Item!.Stage);
    }

    public static TheoryData<string, string, Role, string[], string[]> Steps => new()
    {
        // stage reached by,          the responsible, in the role,        others who review (409),  who may not return at all (403)
        { "submit",                   "reviewer1",     Role.Reviewer,      ["hom1", "hq1"],          ["planner1", "observer1"] },
        { "submit,endorse",           "hom1",          Role.HeadOfMission, ["reviewer1", "hq1"],     ["planner2", "observer1"] },
        { "submit,endorse,approve",   "hq1",           Role.HqReviewer,    ["reviewer1", "hom1"],    ["planner1", "observer1"] },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_strategy_under_review_is_returned_for_revision_only_by_the_role_responsible_for_the_step(
        string stepsSoFar, string responsible, Role responsibleRole, string[] otherReviewers, string[] notReviewers)
    {
        var mission = await MissionWithDraftStrategyAsync();
        foreach (var step in stepsSoFar.Split(','))
            await AdvanceAsync(Performer(step), mission, step, step == "submit" ? null : new CommentsRequest(null));
        var before = await (await app.ClientFor("observer1")).StrategyAsync(mission.StrategyId);
        var events = await app.EventCountAsync();

        foreach (var reviewer in otherReviewers)
        {
            var refused = await StepAsync(reviewer, mission, "return", new ReturnRequest("Not mine to return"));
            Assert.Contains($"for the {responsibleRole},",
                (await refused.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/not-your-step")).GetProperty("detail").GetString());
        }
        foreach (var user in notReviewers)
            await (await StepAsync(user, mission, "return", new ReturnRequest("Not mine to return"))).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        Assert.Equal(events, await app.EventCountAsync());

        var returned = await StepAsync(responsible, mission, "return", new ReturnRequest("Cover the threat in the response phase too."));

        var lifecycle = (await returned.ReadAsync<CommandResult<LifecycleView>>()).Item!;
        var note = Assert.Single(lifecycle.Returns);
        Assert.Equal((before.Stage, responsible, "Cover the threat in the response phase too.", 1), (note.From, note.By, note.Comments, note.Revision));
        // HQ returns an approved revision, which never changes: a new revision opens as a draft.
        Assert.Equal(responsibleRole == Role.HqReviewer ? (Stage.Draft, 2) : (Stage.ReturnedForRevision, 1), (lifecycle.Stage, lifecycle.Revision));
        var planner = await app.ClientFor("planner1");
        Assert.Equal(HttpStatusCode.OK, (await ReassessAsync(planner, mission, "Editable again")).StatusCode);
    }

    [Fact]
    public async Task In_French_a_refused_approval_an_edit_under_review_and_a_step_not_allowed_are_told_in_french()
    {
        var mission = await MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        await planner.PlanActivityAsync(mission.StrategyId, Sample.Activity(mission.Threat.Id, "Safe-access lighting",
            Tier.ProtectiveEnvironment));
        await AdvanceAsync("planner1", mission, "submit");
        await AdvanceAsync("reviewer1", mission, "endorse", new CommentsRequest(null));
        var version = (await planner.StrategyAsync(mission.StrategyId)).Version;
        var approve = $"/api/strategies/{mission.StrategyId}/approve?reason=Pr%C3%AAte";

        var refused = await (await app.ClientFor("hom1")).InFrench()
            .SendAsync(HttpMethod.Post, approve, new CommentsRequest(null), ifMatch: version);
        var edited = await ReassessAsync(planner.InFrench(), mission, "Modifiée en cours d’examen");
        var forbidden = await planner.SendAsync(HttpMethod.Post, approve, new CommentsRequest(null), ifMatch: version);

        var rule = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity,
            "/problems/rule-violated/approval-blocked");
        Assert.Equal("Refusé par une règle de gestion", rule.GetProperty("title").GetString());
        Assert.Equal("La stratégie ne peut pas être approuvée : 1 problème(s) à régler.",
            rule.GetProperty("detail").GetString());
        var conflict = await edited.ProblemAsync(HttpStatusCode.Conflict,
            "/problems/state-conflict/strategy-under-review");
        Assert.Equal("Incompatible avec l’état actuel", conflict.GetProperty("title").GetString());
        Assert.StartsWith("La stratégie est entérinée ;", conflict.GetProperty("detail").GetString());
        var refusal = await forbidden.ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        Assert.Equal("Action non autorisée", refusal.GetProperty("title").GetString());
        Assert.Matches("^planner1 n’a pas le droit d’approuver la stratégie dans la mission UNT[0-9A-F]{6}\\.$",
            refusal.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Planners_cannot_edit_a_submitted_strategy_until_it_is_returned()
    {
        var mission = await MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        await AdvanceAsync("planner1", mission, "submit");
        var events = await app.EventCountAsync();

        var reassessed = await ReassessAsync(planner, mission, "Changed under review");
        var identified = await planner.SendAsync(HttpMethod.Post, $"/api/strategies/{mission.StrategyId}/threats", new ThreatRequest(Sample.Threat()));
        var resubmitted = await StepAsync("planner1", mission, "submit");

        await reassessed.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/strategy-under-review");
        await identified.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/strategy-under-review");
        await resubmitted.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/not-a-draft");
        Assert.Equal(events, await app.EventCountAsync());

        await AdvanceAsync("reviewer1", mission, "return", new ReturnRequest("Reassess the likelihood"));
        Assert.Equal(HttpStatusCode.OK, (await ReassessAsync(planner, mission, "Reassessed after the return")).StatusCode);
    }

    [Fact]
    public async Task An_approved_strategy_cannot_be_edited_until_a_revision_is_opened_which_is_revision_2_as_a_draft()
    {
        var mission = await MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner2");
        await AdvanceAsync("planner1", mission, "submit");
        await AdvanceAsync("reviewer1", mission, "endorse", new CommentsRequest(null));
        await AdvanceAsync("hom1", mission, "approve", new CommentsRequest(null));
        var events = await app.EventCountAsync();

        await (await ReassessAsync(planner, mission, "Changed after approval")).ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/strategy-approved");
        Assert.Equal(events, await app.EventCountAsync());

        var opened = await StepAsync("planner2", mission, "revisions", new OpenRevisionRequest("New Security Council resolution"));

        var lifecycle = (await opened.ReadAsync<CommandResult<LifecycleView>>()).Item!;
        Assert.Equal((Stage.Draft, 2), (lifecycle.Stage, lifecycle.Revision));
        Assert.Equal(HttpStatusCode.OK, (await ReassessAsync(planner, mission, "Revised for the new mandate")).StatusCode);
        var strategy = await planner.StrategyAsync(mission.StrategyId);
        Assert.Equal("Revised for the new mandate", strategy.Threat(mission.Threat.Id)!.Assessment.Title);
        Assert.Equal(2, strategy.Revision);
    }

    [Fact]
    public async Task Opening_a_revision_of_a_strategy_that_is_not_approved_is_refused()
    {
        var mission = await MissionWithDraftStrategyAsync();
        var events = await app.EventCountAsync();

        var opened = await StepAsync("planner1", mission, "revisions", new OpenRevisionRequest(null));
        var approved = await StepAsync("hom1", mission, "approve", new CommentsRequest(null));

        await opened.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/revision-open");
        await approved.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/not-endorsed");
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_planner_cannot_endorse_and_a_reviewer_cannot_edit()
    {
        var mission = await MissionWithDraftStrategyAsync();
        await AdvanceAsync("planner1", mission, "submit");
        await AdvanceAsync("reviewer1", mission, "return", new ReturnRequest("Back to the draft"));
        await AdvanceAsync("planner1", mission, "submit");
        var events = await app.EventCountAsync();

        var endorsedByPlanner = await StepAsync("planner1", mission, "endorse", new CommentsRequest(null));
        var approvedByReviewer = await StepAsync("reviewer1", mission, "approve", new CommentsRequest(null));
        var reviewer = await app.ClientFor("reviewer1");
        var editedByReviewer = await ReassessAsync(reviewer, mission, "Edited by the forum");
        var identifiedByReviewer = await reviewer.SendAsync(HttpMethod.Post, $"/api/strategies/{mission.StrategyId}/threats", new ThreatRequest(Sample.Threat()));
        var submittedByHeadOfMission = await StepAsync("hom1", mission, "submit");

        foreach (var refused in new[] { endorsedByPlanner, approvedByReviewer, editedByReviewer, identifiedByReviewer, submittedByHeadOfMission })
            await refused.ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        Assert.Equal(events, await app.EventCountAsync());
        Assert.Equal(Stage.Submitted, (await reviewer.StrategyAsync(mission.StrategyId)).Stage);
    }

    public static TheoryData<string, string, string> StepsWithBodies => new()
    {
        { "submit", "planner1", "" },
        { "submit,endorse", "reviewer1", "{\"comments\":null}" },
        { "submit,endorse,approve", "hom1", "{\"comments\":null}" },
        { "submit,endorse,approve,hq-review", "hq1", "{\"comments\":null}" },
        { "submit,return", "reviewer1", "{\"comments\":\"Redo the threat ranking\"}" },
        { "submit,endorse,approve,revisions", "planner1", "{\"reason\":null}" },
    };

    [Theory]
    [MemberData(nameof(StepsWithBodies))]
    public async Task Every_lifecycle_step_without_a_reason_is_refused_naming_the_reason_and_changes_nothing(
        string stepsSoFar, string userName, string body)
    {
        var mission = await MissionWithDraftStrategyAsync();
        var steps = stepsSoFar.Split(',');
        foreach (var step in steps[..^1])
            await AdvanceAsync(Performer(step), mission, step, step == "submit" ? null : new CommentsRequest(null));
        var client = await app.ClientFor(userName);
        var events = await app.EventCountAsync();

        foreach (var reason in new[] { "", "?reason=%20%20" })
        {
            var version = (await client.StrategyAsync(mission.StrategyId)).Version;
            var refused = await client.SendRawAsync(HttpMethod.Post,
                $"/api/strategies/{mission.StrategyId}/{steps[^1]}{reason}",
                body.Length == 0 ? null : body, ifMatch: $"\"{version}\"");

            var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
            Assert.Equal(["is required for a lifecycle step."],
                problem.GetProperty("errors").GetProperty("reason").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_submission_keeps_its_comments_and_the_plan_view_lists_every_step_with_who_why_and_when()
    {
        var mission = await MissionWithDraftStrategyAsync();
        var submitted = await AdvanceAsync("planner2", mission, "submit",
            new SubmitRequest("The forum should weigh T-01 first"),
            "Draft complete after the JMAC briefing");
        await AdvanceAsync("reviewer1", mission, "return", new ReturnRequest("Add a dialogue activity"),
            "Tier I missing");
        await AdvanceAsync("planner1", mission, "submit", reason: "Dialogue added");
        await AdvanceAsync("reviewer1", mission, "endorse", new CommentsRequest("Endorsed at the SMG-P"),
            "Forum of 12 May");
        var approved = await AdvanceAsync("hom1", mission, "approve", new CommentsRequest(null), "Signed by the SRSG");

        var first = Assert.Single(submitted.Steps);
        Assert.Equal((LifecycleStepKind.Submitted, "planner2", Role.Planner, "The forum should weigh T-01 first"),
            (first.Step, first.By, first.Role, first.Comments));
        var observer = await app.ClientFor("observer1");
        var strategy = await observer.StrategyAsync(mission.StrategyId);
        var view = await observer.GetFromJsonAsync<JsonElement>(
            $"/api/strategies/{mission.StrategyId}/view?minVersion={strategy.Version}", DemoApp.Json);
        var steps = view.GetProperty("lifecycle").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(
            [
                ("Submitted", "planner2", "Planner", "Draft complete after the JMAC briefing",
                    "The forum should weigh T-01 first"),
                ("Returned", "reviewer1", "Reviewer", "Tier I missing", "Add a dialogue activity"),
                ("Submitted", "planner1", "Planner", "Dialogue added", null),
                ("Endorsed", "reviewer1", "Reviewer", "Forum of 12 May", "Endorsed at the SMG-P"),
                ("Approved", "hom1", "HeadOfMission", "Signed by the SRSG", null),
            ],
            steps.Select(s => (s.GetProperty("step").GetString(), s.GetProperty("by").GetString(),
                s.GetProperty("role").GetString(), s.GetProperty("reason").GetString(),
                    s.GetProperty("comments").GetString())));
        Assert.Equal(approved.Steps.Select(s => s.StreamVersion),
            steps.Select(s => s.GetProperty("streamVersion").GetInt64()));
        Assert.Equal(strategy.Version, steps[^1].GetProperty("streamVersion").GetInt64());
        Assert.All(steps, s => Assert.Equal(1, s.GetProperty("revision").GetInt32()));

        // As of the endorsement, the record ends there.
        var endorsedAt = steps[3].GetProperty("streamVersion").GetInt64();
        var asOf = await observer.GetFromJsonAsync<JsonElement>(
            $"/api/strategies/{mission.StrategyId}/as-of?version={endorsedAt}", DemoApp.Json);
        Assert.Equal(["Submitted", "Returned", "Submitted", "Endorsed"],
            asOf.GetProperty("lifecycle").GetProperty("steps").EnumerateArray()
                .Select(s => s.GetProperty("step").GetString()));
    }

    private static string Performer(string step) => step switch
    {
        "submit" => "planner1",
        "endorse" => "reviewer1",
        "approve" => "hom1",
        _ => "hq1",
    };

    /// <summary>Sends a whole-strategy step as <paramref name="userName"/>, with If-Match the strategy's current
    /// version and a reason (none when <paramref name="reason"/> is empty).</summary>
    private async Task<HttpResponseMessage> StepAsync(
        string userName, MissionWithDraftStrategy mission, string step, object? body = null,
            string reason = "Step of the test")
    {
        var client = await app.ClientFor(userName);
        var version = (await (await app.ClientFor("observer1")).StrategyAsync(mission.StrategyId)).Version;
        var query = reason.Length == 0 ? "" : $"?reason={Uri.EscapeDataString(reason)}";
        return await client.SendAsync(HttpMethod.Post, $"/api/strategies/{mission.StrategyId}/{step}{query}", body,
            ifMatch: version);
    }

    /// <summary>A step that must succeed.</summary>
    private async Task<LifecycleView> AdvanceAsync(
        string userName, MissionWithDraftStrategy mission, string step, object? body = null,
            string reason = "Step of the test") =>
        (await (await StepAsync(userName, mission, step, body,
            reason)).ReadAsync<CommandResult<LifecycleView>>()).Item!;

    private static async Task<HttpResponseMessage> ReassessAsync(HttpClient client, MissionWithDraftStrategy mission, string title)
    {
        var threat = await client.ThreatAsync(mission.StrategyId, mission.Threat.Id);
        return await client.SendAsync(HttpMethod.Put, $"/api/strategies/{mission.StrategyId}/threats/{threat.Id}",
            new ThreatRequest(threat.Assessment with { Title = title }), ifMatch: threat.Stamp.Version);
    }

    private static async Task AssignLeadAsync(HttpClient planner, MissionWithDraftStrategy mission, Guid activityId, Guid componentId)
    {
        var response = await planner.SendAsync(HttpMethod.Put, $"/api/strategies/{mission.StrategyId}/activities/{activityId}/lead",
            new AssignmentRequest(componentId, Sample.Commitment()));
        await response.ReadAsync<CommandResult<Assignment>>();
    }

    /// <summary>admin1 registers a mission, adds the Force and Civil Affairs, makes the demo users members, and planner1
    /// drafts its strategy with one threat and one activity the Force leads.</summary>
    private async Task<MissionWithDraftStrategy> MissionWithDraftStrategyAsync()
    {
        var admin = await app.ClientFor("admin1");
        var acronym = $"UNT{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var registered = await (await admin.SendAsync(HttpMethod.Post, "/api/missions", new RegisterMissionRequest(
                null, $"United Nations Test Mission {acronym} (fictional)", acronym, MissionKind.Pko, "Republic of Testland (fictional)", Sample.Mandate())))
            .ReadAsync<CommandResult<MissionView>>(HttpStatusCode.Created);
        var missionId = registered.Item!.Id;

        async Task<Guid> AddComponentAsync(ComponentKind kind, string name, Capacity capacity) =>
            (await (await admin.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/components", new AddComponentRequest(kind, name, capacity)))
                .ReadAsync<CommandResult<Component>>(HttpStatusCode.Created)).Item!.Id;
        var force = await AddComponentAsync(ComponentKind.Military, "Force", new Capacity(800, [new Asset("Utility helicopter", 2)]));
        var civilAffairs = await AddComponentAsync(ComponentKind.CivilAffairs, "Civil Affairs", new Capacity(20, []));
        foreach (var (userName, role) in new[] { ("planner1", Role.Planner), ("planner2", Role.Planner), ("reviewer1", Role.Reviewer), ("hom1", Role.HeadOfMission), ("observer1", Role.Observer) })
            await (await admin.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/members/{userName}", new MemberRequest(role, null))).ReadAsync<CommandResult<Member>>();

        var planner = await app.ClientFor("planner1");
        var drafted = await planner.SendAsync(HttpMethod.Post, $"/api/missions/{missionId}/strategy", new DraftStrategyRequest($"{acronym} POC strategy"));
        var strategyId = Ids.StrategyOf(missionId);
        Assert.Equal((HttpStatusCode.Created, $"/api/strategies/{strategyId}"), (drafted.StatusCode, drafted.Headers.Location?.ToString()));
        var threat = await planner.IdentifyThreatAsync(strategyId);
        var activity = await planner.PlanActivityAsync(strategyId, Sample.Activity(threat.Id));
        var mission = new MissionWithDraftStrategy(missionId, strategyId, force, civilAffairs, threat, activity);
        await AssignLeadAsync(planner, mission, activity.Id, force);
        return mission;
    }
}

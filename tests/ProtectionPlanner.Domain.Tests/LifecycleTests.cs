using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Domain.Strategies.Threats;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class LifecycleTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid ClosedThreat = Specification.NewId(101);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid OtherActivity = Specification.NewId(201);
    private static readonly Guid Objective = Specification.NewId(300);
    private static readonly Guid UnusedObjective = Specification.NewId(301);
    private static readonly Guid Forum = Specification.NewId(400);
    private static readonly Guid Arrangement = Specification.NewId(500);
    private static readonly Guid Decision = Specification.NewId(600);
    private static readonly Guid Handover = Specification.NewId(700);
    private static readonly Guid New = Specification.NewId(800);
    private const string Why = "Ready for the forum";

    /// <summary>
    /// A draft with one item of every kind, each at a known version: overview 2, objective 3, threat 4, activity 5 (led by
    /// the Force at 6, supported by UNPOL at 7, due diligence at 8), forum 9, arrangement 10, decision 11, hand-over 12,
    /// closed threat 14, unused objective 15.
    /// </summary>
    private static object[] OneOfEverything() =>
    [
        new OverviewUpdated(Overview()),
        new ObjectiveAdded(Objective, "O-1", Fixtures.Objective()),
        new ThreatIdentified(Threat, "T-01", MarketAttack()),
        new ActivityPlanned(Activity, "A-01", Patrols([Threat], supportedForce: "National Police Service") with { ObjectiveId = Objective }),
        new ComponentAssignedAsLead(Activity, Military, People(40)),
        new ComponentAssignedInSupport(Activity, Police, People(10)),
        new DueDiligenceAssessed(Activity, DueDiligenceOnPolice()),
        new ForumEstablished(Forum, SeniorManagementGroup()),
        new EarlyWarningArrangementDefined(Arrangement, CommunityAlertNetwork()),
        new TensionDecisionRecorded(Decision, SupportToNationalPolice()),
        new HandoverPlanned(Handover, PatrolsHandover(Activity)),
        new ThreatIdentified(ClosedThreat, "T-02", MarketAttack(priority: Level.Low)),
        new ThreatClosed(ClosedThreat, "Resolved"),
        new ObjectiveAdded(UnusedObjective, "O-2", Fixtures.Objective("Displaced people return safely")),
    ];

    /// <summary>Every command that edits the strategy, each valid against <see cref="OneOfEverything"/>.</summary>
    private static readonly Dictionary<string, Func<Specification, IReadOnlyList<object>>> Edits = new()
    {
        [nameof(UpdateOverview)] = s => s.When(new UpdateOverview(StrategyId, 2, Overview("Protect civilians in Unity and Upper Nile"))),
        [nameof(AddObjective)] = s => s.When(new AddObjective(StrategyId, New, Fixtures.Objective("Hate speech is countered"))),
        [nameof(ReviseObjective)] = s => s.When(new ReviseObjective(StrategyId, Objective, 3, Fixtures.Objective("Markets are safe"))),
        [nameof(RemoveObjective)] = s => s.When(new RemoveObjective(StrategyId, UnusedObjective, 15)),
        [nameof(IdentifyThreat)] = s => s.When(new IdentifyThreat(StrategyId, New, MarketAttack(likelihood: 2))),
        [nameof(ReassessThreat)] = s => s.When(new ReassessThreat(StrategyId, Threat, 4, MarketAttack(likelihood: 5))),
        [nameof(CloseThreat)] = s => s.When(new CloseThreat(StrategyId, Threat, 4, "Armed group disarmed")),
        [nameof(ReopenThreat)] = s => s.When(new ReopenThreat(StrategyId, ClosedThreat, 14, "Re-emerged")),
        [nameof(PlanActivity)] = s => s.When(new PlanActivity(StrategyId, New, Patrols([Threat]))),
        [nameof(ReviseActivity)] = s => s.When(new ReviseActivity(StrategyId, Activity, 5,
            Patrols([Threat], ActivityStatus.Ongoing, "National Police Service") with { ObjectiveId = Objective })),
        [nameof(RemoveActivity)] = s => s.When(new RemoveActivity(StrategyId, Activity, 5)),
        [nameof(AssignLeadComponent)] = s => s.When(new AssignLeadComponent(StrategyId, Activity, CivilAffairs, People(2), 6)),
        [nameof(AssignSupportingComponent)] = s => s.When(new AssignSupportingComponent(StrategyId, Activity, CivilAffairs, People(2))),
        [nameof(ChangeCommitment)] = s => s.When(new ChangeCommitment(StrategyId, Activity, Police, 7, People(12))),
        [nameof(UnassignComponent)] = s => s.When(new UnassignComponent(StrategyId, Activity, Police, 7)),
        [nameof(AssessDueDiligence)] = s => s.When(new AssessDueDiligence(StrategyId, Activity, 8, DueDiligenceOnPolice(Level.High))),
        [nameof(EstablishForum)] = s => s.When(new EstablishForum(StrategyId, New, SeniorManagementGroup() with { Name = "POC working group" })),
        [nameof(ReviseForum)] = s => s.When(new ReviseForum(StrategyId, Forum, 9, SeniorManagementGroup("DSRSG"))),
        [nameof(DissolveForum)] = s => s.When(new DissolveForum(StrategyId, Forum, 9)),
        [nameof(DefineEarlyWarningArrangement)] = s => s.When(new DefineEarlyWarningArrangement(StrategyId, New, CommunityAlertNetwork() with { Name = "Hotline" })),
        [nameof(ReviseEarlyWarningArrangement)] = s => s.When(new ReviseEarlyWarningArrangement(StrategyId, Arrangement, 10,
            CommunityAlertNetwork() with { Coverage = "Unity state" })),
        [nameof(RetireEarlyWarningArrangement)] = s => s.When(new RetireEarlyWarningArrangement(StrategyId, Arrangement, 10)),
        [nameof(RecordTensionDecision)] = s => s.When(new RecordTensionDecision(StrategyId, New, SupportToNationalPolice())),
        [nameof(ReviseTensionDecision)] = s => s.When(new ReviseTensionDecision(StrategyId, Decision, 11, SupportToNationalPolice("Withhold support"))),
        [nameof(WithdrawTensionDecision)] = s => s.When(new WithdrawTensionDecision(StrategyId, Decision, 11)),
        [nameof(PlanHandover)] = s => s.When(new PlanHandover(StrategyId, New, PatrolsHandover(Activity, Unicef))),
        [nameof(ReviseHandover)] = s => s.When(new ReviseHandover(StrategyId, Handover, 12, PatrolsHandover(Activity, status: HandoverStatus.InProgress))),
        [nameof(RemoveHandover)] = s => s.When(new RemoveHandover(StrategyId, Handover, 12)),
    };

    /// <summary>The commands that move a strategy through its lifecycle.</summary>
    private static readonly Dictionary<string, Func<Specification, IReadOnlyList<object>>> Steps = new()
    {
        [nameof(SubmitStrategy)] = s => s.When(new SubmitStrategy(StrategyId, null, Why)),
        [nameof(EndorseStrategy)] = s => s.When(new EndorseStrategy(StrategyId, null, Why)),
        [nameof(ApproveStrategy)] = s => s.When(new ApproveStrategy(StrategyId, null, Why)),
        [nameof(ReviewStrategyAtHq)] = s => s.When(new ReviewStrategyAtHq(StrategyId, null, Why)),
        [nameof(ReturnStrategyForRevision)] = s => s.When(new ReturnStrategyForRevision(StrategyId,
            "Add early warning", Why)),
        [nameof(OpenRevision)] = s => s.When(new OpenRevision(StrategyId, Why)),
    };

    public static TheoryData<string> EditNames => [.. Edits.Keys];

    public static TheoryData<string> AllNames => [.. Edits.Keys.Concat(Steps.Keys)];

    private static Specification Full() => StrategyInDraft().Given(OneOfEverything());

    [Theory]
    [MemberData(nameof(EditNames))]
    public void Every_edit_is_accepted_on_a_draft(string command)
    {
        Assert.NotEmpty(Edits[command](Full()));
    }

    [Theory]
    [MemberData(nameof(EditNames))]
    public void Every_edit_is_accepted_on_a_strategy_returned_for_revision(string command)
    {
        Assert.NotEmpty(Edits[command](Full().Given(ReviewedUpTo(Stage.ReturnedForRevision))));
    }

    [Theory]
    [MemberData(nameof(EditNames))]
    public void Every_edit_of_a_submitted_or_endorsed_strategy_is_refused_as_under_review(string command)
    {
        Specification.ThenConflict(() => Edits[command](Full().Given(ReviewedUpTo(Stage.Submitted))), "strategy-under-review");
        Specification.ThenConflict(() => Edits[command](Full().Given(ReviewedUpTo(Stage.Endorsed))), "strategy-under-review");
    }

    [Theory]
    [MemberData(nameof(EditNames))]
    public void Every_edit_of_an_approved_or_HQ_reviewed_strategy_is_refused_until_a_revision_is_opened(string command)
    {
        Specification.ThenConflict(() => Edits[command](Full().Given(ReviewedUpTo(Stage.Approved))), "strategy-approved");
        Specification.ThenConflict(() => Edits[command](Full().Given(ReviewedUpTo(Stage.ReviewedAtHq))), "strategy-approved");
        Assert.NotEmpty(Edits[command](Full().Given(ReviewedUpTo(Stage.Approved)).Given(new RevisionOpened(2, "Mandate renewal"))));
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Every_strategy_command_on_a_mission_without_a_strategy_is_not_found(string command)
    {
        var spec = new Specification().GivenMission(RegisteredMission()).ActingAs(Role.Reviewer);
        var act = Edits.TryGetValue(command, out var edit) ? edit : Steps[command];

        var notFound = Assert.Throws<NotFound>(() => act(spec));

        Assert.Equal("Strategy", notFound.What);
    }

    [Fact]
    public void Drafting_the_strategy_of_a_registered_mission_names_it_after_the_mission()
    {
        var spec = new Specification().GivenMission(RegisteredMission());

        var events = spec.When(new DraftStrategy(MissionId, "  Mission-wide POC strategy 2024 "));

        Specification.Then(events, new StrategyDrafted(StrategyId, MissionId, "Mission-wide POC strategy 2024"));
    }

    [Fact]
    public void A_drafted_strategy_is_revision_one_and_editable()
    {
        var strategy = StrategyInDraft().Strategy;

        Assert.Equal((StrategyId, MissionId, 1, Stage.Draft, true, 1L), (strategy.Id, strategy.MissionId, strategy.Revision, strategy.Stage, strategy.IsEditable, strategy.Version));
    }

    [Fact]
    public void Drafting_a_strategy_for_an_unknown_mission_is_not_found()
    {
        var spec = new Specification();

        Specification.ThenNotFound(() => spec.When(new DraftStrategy(MissionId, "Strategy")), "Mission", MissionId.ToString());
    }

    [Fact]
    public void A_mission_has_one_strategy_so_drafting_a_second_is_a_state_conflict()
    {
        var spec = StrategyInDraft();

        Specification.ThenConflict(() => spec.When(new DraftStrategy(MissionId, "Another strategy")), "strategy-exists");
    }

    [Fact]
    public void A_strategy_needs_a_title_of_at_most_two_hundred_characters()
    {
        var spec = new Specification().GivenMission(RegisteredMission());

        Specification.ThenInvalid(() => spec.When(new DraftStrategy(MissionId, " ")), "title");
        Specification.ThenInvalid(() => spec.When(new DraftStrategy(MissionId, Over(Check.ShortText))), "title");
    }

    [Fact]
    public void Submitting_a_draft_records_the_revision_and_version_submitted()
    {
        var spec = StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()));

        Specification.Then(spec.When(new SubmitStrategy(StrategyId, null, Why)),
            new StrategySubmitted(1, 2, null, Why));
    }

    [Fact]
    public void A_strategy_returned_for_revision_can_be_submitted_again()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.ReturnedForRevision));

        Specification.Then(spec.When(new SubmitStrategy(StrategyId, null, Why)),
            new StrategySubmitted(1, 3, null, Why));
    }

    [Theory]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.Endorsed)]
    [InlineData(Stage.Approved)]
    [InlineData(Stage.ReviewedAtHq)]
    public void Only_a_draft_or_returned_strategy_can_be_submitted(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage));

        Specification.ThenConflict(() => spec.When(new SubmitStrategy(StrategyId, null, Why)), "not-a-draft");
    }

    [Fact]
    public void A_submitted_strategy_is_under_review_and_not_editable()
    {
        var strategy = StrategyInDraft().Given(ReviewedUpTo(Stage.Submitted)).Strategy;

        Assert.Equal((Stage.Submitted, false, 2L), (strategy.Stage, strategy.IsEditable, strategy.LifecycleStamp!.Version));
    }

    [Fact]
    public void The_protection_forum_endorses_a_submitted_strategy()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Submitted)).ActingAs(Role.Reviewer);

        Specification.Then(spec.When(new EndorseStrategy(StrategyId, "Sound analysis", Why)),
            new StrategyEndorsed(1, 2, "Sound analysis", Why));
    }

    [Theory]
    [InlineData(Stage.Draft)]
    [InlineData(Stage.ReturnedForRevision)]
    [InlineData(Stage.Endorsed)]
    [InlineData(Stage.Approved)]
    [InlineData(Stage.ReviewedAtHq)]
    public void Only_a_submitted_strategy_can_be_endorsed(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(Role.Reviewer);

        Specification.ThenConflict(() => spec.When(new EndorseStrategy(StrategyId, null, Why)), "not-submitted");
    }

    [Fact]
    public void Endorsement_comments_over_four_thousand_characters_are_invalid()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Submitted)).ActingAs(Role.Reviewer);

        Specification.ThenInvalid(() => spec.When(new EndorseStrategy(StrategyId, Over(Check.LongText), Why)),
            "comments");
    }

    [Fact]
    public void The_Head_of_Mission_approves_an_endorsed_strategy_whose_activities_all_have_a_lead()
    {
        var spec = StrategyInDraft()
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
                new ComponentAssignedAsLead(Activity, Military, People(40)))
            .Given(new StrategySubmitted(1, 4), new StrategyEndorsed(1, 5, null))
            .ActingAs(Role.HeadOfMission);

        Specification.Then(spec.When(new ApproveStrategy(StrategyId, "Approved for 2024", Why)),
            new StrategyApproved(1, 6, "Approved for 2024", Why));
    }

    [Fact]
    public void An_approved_strategy_remembers_the_version_approved()
    {
        var strategy = StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack())).Given(ReviewedUpTo(Stage.Approved)).Strategy;

        Assert.Equal((Stage.Approved, 5L, false), (strategy.Stage, strategy.LastApprovedVersion, strategy.IsEditable));
    }

    [Fact]
    public void Approval_is_blocked_while_an_activity_has_no_lead()
    {
        var spec = StrategyInDraft()
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
                new ComponentAssignedInSupport(Activity, Police, People(10)))
            .Given(ReviewedUpTo(Stage.Endorsed)).ActingAs(Role.HeadOfMission);

        var violated = Assert.Throws<RuleViolated>(() => spec.When(new ApproveStrategy(StrategyId, null, Why)));

        Assert.Equal("approval-blocked", violated.Code);
        Assert.Equal(["Activity A-01 'Market-day patrols' has no lead component."], violated.Problems);
    }

    [Fact]
    public void Approval_is_blocked_while_support_to_a_non_UN_force_has_no_due_diligence_assessment()
    {
        var spec = StrategyInDraft()
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()),
                new ActivityPlanned(Activity, "A-01", Patrols([Threat], supportedForce: "National Police Service")),
                new ComponentAssignedAsLead(Activity, Police, People(10)))
            .Given(ReviewedUpTo(Stage.Endorsed)).ActingAs(Role.HeadOfMission);

        var violated = Assert.Throws<RuleViolated>(() => spec.When(new ApproveStrategy(StrategyId, null, Why)));

        Assert.Equal(["Activity A-01 'Market-day patrols' supports National Police Service but has no Human Rights Due Diligence assessment."], violated.Problems);
    }

    [Fact]
    public void Approval_lists_every_problem_that_blocks_it()
    {
        var spec = StrategyInDraft()
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()),
                new ActivityPlanned(Activity, "A-01", Patrols([Threat], supportedForce: "National Police Service")),
                new ActivityPlanned(OtherActivity, "A-02", Patrols([Threat]) with { Title = "Community engagement" }))
            .Given(ReviewedUpTo(Stage.Endorsed)).ActingAs(Role.HeadOfMission);

        var violated = Assert.Throws<RuleViolated>(() => spec.When(new ApproveStrategy(StrategyId, null, Why)));

        Assert.Equal(
        [
            "Activity A-01 'Market-day patrols' supports National Police Service but has no Human Rights Due Diligence assessment.",
            "Activity A-01 'Market-day patrols' has no lead component.",
            "Activity A-02 'Community engagement' has no lead component.",
        ], violated.Problems);
    }

    [Fact]
    public void Approval_is_blocked_while_an_activity_is_assigned_a_component_the_mission_removed()
    {
        var spec = StrategyInDraft()
            .GivenMission(new ComponentRemoved(Police))
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
                new ComponentAssignedAsLead(Activity, Police, People(10)))
            .Given(ReviewedUpTo(Stage.Endorsed)).ActingAs(Role.HeadOfMission);

        var violated = Assert.Throws<RuleViolated>(() => spec.When(new ApproveStrategy(StrategyId, null, Why)));

        Assert.Equal(["Activity A-01 'Market-day patrols' is assigned a component the mission no longer has."], violated.Problems);
    }

    [Theory]
    [InlineData(ActivityStatus.Completed)]
    [InlineData(ActivityStatus.Cancelled)]
    public void Completed_and_cancelled_activities_do_not_block_approval(ActivityStatus status)
    {
        var spec = StrategyInDraft()
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()),
                new ActivityPlanned(Activity, "A-01", Patrols([Threat], status, supportedForce: "National Police Service")))
            .Given(new StrategySubmitted(1, 3), new StrategyEndorsed(1, 4, null)).ActingAs(Role.HeadOfMission);

        Specification.Then(spec.When(new ApproveStrategy(StrategyId, null, Why)),
            new StrategyApproved(1, 5, null, Why));
    }

    [Theory]
    [InlineData(Stage.Draft)]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.ReturnedForRevision)]
    [InlineData(Stage.Approved)]
    [InlineData(Stage.ReviewedAtHq)]
    public void Only_an_endorsed_strategy_can_be_approved(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(Role.HeadOfMission);

        Specification.ThenConflict(() => spec.When(new ApproveStrategy(StrategyId, null, Why)), "not-endorsed");
    }

    [Fact]
    public void Approval_comments_over_four_thousand_characters_are_invalid()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Endorsed)).ActingAs(Role.HeadOfMission);

        Specification.ThenInvalid(() => spec.When(new ApproveStrategy(StrategyId, Over(Check.LongText), Why)),
            "comments");
    }

    [Fact]
    public void Headquarters_reviews_an_approved_strategy()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved)).ActingAs(Role.HqReviewer);

        Specification.Then(spec.When(new ReviewStrategyAtHq(StrategyId, "Well grounded", Why)),
            new StrategyReviewedAtHq(1, 4, "Well grounded", Why));
    }

    [Fact]
    public void A_strategy_reviewed_at_HQ_is_at_the_last_stage_and_not_editable()
    {
        var strategy = StrategyInDraft().Given(ReviewedUpTo(Stage.ReviewedAtHq)).Strategy;

        Assert.Equal((Stage.ReviewedAtHq, false, 4L), (strategy.Stage, strategy.IsEditable, strategy.LastApprovedVersion));
    }

    [Theory]
    [InlineData(Stage.Draft)]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.Endorsed)]
    [InlineData(Stage.ReviewedAtHq)]
    public void Only_an_approved_strategy_is_reviewed_at_HQ(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(Role.HqReviewer);

        Specification.ThenConflict(() => spec.When(new ReviewStrategyAtHq(StrategyId, null, Why)), "not-approved");
    }

    [Fact]
    public void HQ_review_comments_over_four_thousand_characters_are_invalid()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved)).ActingAs(Role.HqReviewer);

        Specification.ThenInvalid(() => spec.When(new ReviewStrategyAtHq(StrategyId, Over(Check.LongText), Why)),
            "comments");
    }

    [Theory]
    [InlineData(Stage.Submitted, Role.Reviewer, 2L)]
    [InlineData(Stage.Endorsed, Role.HeadOfMission, 3L)]
    public void The_reviewer_of_the_current_step_returns_the_strategy_with_comments(Stage stage, Role role, long version)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(role);

        var events = spec.When(new ReturnStrategyForRevision(StrategyId,
            "  Add an early-warning arrangement for Unity ", Why));

        Specification.Then(events,
            new StrategyReturnedForRevision(1, version, stage, "Add an early-warning arrangement for Unity", Why));
    }

    [Theory]
    [InlineData(Stage.Approved, 4L)]
    [InlineData(Stage.ReviewedAtHq, 5L)]
    public void HQ_returning_an_approved_strategy_also_opens_a_new_revision(Stage stage, long version)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(Role.HqReviewer);

        var events = spec.When(new ReturnStrategyForRevision(StrategyId, "Reflect the new mandate", Why));

        Specification.Then(events, new StrategyReturnedForRevision(1, version, stage, "Reflect the new mandate", Why),
            new RevisionOpened(2, "Returned by HQ review"));
    }

    [Theory]
    [InlineData(Stage.Submitted, Role.HeadOfMission)]
    [InlineData(Stage.Submitted, Role.HqReviewer)]
    [InlineData(Stage.Submitted, Role.Planner)]
    [InlineData(Stage.Endorsed, Role.Reviewer)]
    [InlineData(Stage.Endorsed, Role.HqReviewer)]
    [InlineData(Stage.Approved, Role.Reviewer)]
    [InlineData(Stage.Approved, Role.HeadOfMission)]
    [InlineData(Stage.ReviewedAtHq, Role.HeadOfMission)]
    public void Returning_the_strategy_at_another_reviewers_step_is_refused(Stage stage, Role role)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(role);

        Specification.ThenConflict(() => spec.When(new ReturnStrategyForRevision(StrategyId, "Not good enough", Why)),
            "not-your-step");
    }

    [Theory]
    [InlineData(Stage.Draft)]
    [InlineData(Stage.ReturnedForRevision)]
    public void There_is_nothing_to_return_before_submission(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage)).ActingAs(Role.Reviewer);

        Specification.ThenConflict(() => spec.When(new ReturnStrategyForRevision(StrategyId, "Not good enough", Why)),
            "nothing-to-return");
    }

    [Fact]
    public void Returning_a_strategy_needs_comments_of_at_most_four_thousand_characters()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Submitted)).ActingAs(Role.Reviewer);

        Specification.ThenInvalid(() => spec.When(new ReturnStrategyForRevision(StrategyId, " ", Why)), "comments");
        Specification.ThenInvalid(() => spec.When(new ReturnStrategyForRevision(StrategyId, Over(Check.LongText),
            Why)), "comments");
    }

    [Fact]
    public void A_returned_strategy_is_editable_and_keeps_who_returned_it_and_why()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Submitted))
            .GivenBy("reviewer1", new StrategyReturnedForRevision(1, 2, Stage.Submitted, "Add early warning"));

        var strategy = spec.Strategy;

        Assert.Equal((Stage.ReturnedForRevision, true, 1), (strategy.Stage, strategy.IsEditable, strategy.Revision));
        var note = Assert.Single(strategy.Returns);
        Assert.Equal((1, Stage.Submitted, "Add early warning", "reviewer1", Specification.Now.AddMinutes(2)), (note.Revision, note.From, note.Comments, note.By, note.At));
    }

    [Fact]
    public void After_an_HQ_return_the_strategy_is_a_draft_of_the_next_revision()
    {
        var strategy = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved))
            .GivenBy("hq1", new StrategyReturnedForRevision(1, 4, Stage.Approved, "Reflect the new mandate"), new RevisionOpened(2, "Returned by HQ review"))
            .Strategy;

        Assert.Equal((2, Stage.Draft, true, 4L), (strategy.Revision, strategy.Stage, strategy.IsEditable, strategy.LastApprovedVersion));
        Assert.Equal(("hq1", Stage.Approved), (strategy.Returns.Single().By, strategy.Returns.Single().From));
    }

    [Theory]
    [InlineData(Stage.Approved)]
    [InlineData(Stage.ReviewedAtHq)]
    public void A_planner_opens_a_new_revision_of_an_approved_strategy(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage));

        Specification.Then(spec.When(new OpenRevision(StrategyId, "Mandate renewal")), new RevisionOpened(2, "Mandate renewal"));
    }

    [Theory]
    [InlineData(Stage.Draft)]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.Endorsed)]
    [InlineData(Stage.ReturnedForRevision)]
    public void A_new_revision_opens_only_from_an_approved_strategy(Stage stage)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(stage));

        Specification.ThenConflict(() => spec.When(new OpenRevision(StrategyId, Why)), "revision-open");
    }

    [Fact]
    public void The_reason_for_a_revision_is_at_most_two_thousand_characters()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved));

        Specification.ThenInvalid(() => spec.When(new OpenRevision(StrategyId, Over(StrategyRules.ReasonLength))),
            "reason");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Every_lifecycle_step_without_a_reason_is_invalid_naming_the_reason(string? reason)
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Submitted)).ActingAs(Role.Reviewer);

        var refusals = new[]
        {
            Specification.ThenInvalid(() => spec.When(new SubmitStrategy(StrategyId, "Comments", reason)), "reason"),
            Specification.ThenInvalid(() => spec.When(new EndorseStrategy(StrategyId, "Sound", reason)), "reason"),
            Specification.ThenInvalid(() => spec.When(new ApproveStrategy(StrategyId, null, reason)), "reason"),
            Specification.ThenInvalid(() => spec.When(new ReviewStrategyAtHq(StrategyId, null, reason)), "reason"),
            Specification.ThenInvalid(() => spec.When(new ReturnStrategyForRevision(StrategyId, "Redo", reason)),
                "reason"),
            Specification.ThenInvalid(() => spec.When(new OpenRevision(StrategyId, reason)), "reason"),
        };

        Assert.All(refusals, r => Assert.Equal(["is required for a lifecycle step."], r.Errors["reason"]));
    }

    [Fact]
    public void A_submission_keeps_the_planners_comments_and_the_reason_trimmed()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new SubmitStrategy(StrategyId, "Threat T-03 needs the forum's view",
            " New JMAC report ")),
            new StrategySubmitted(1, 1, "Threat T-03 needs the forum's view", "New JMAC report"));
    }

    [Fact]
    public void The_approval_record_lists_every_step_oldest_first_with_who_in_what_role_when_and_why()
    {
        var strategy = StrategyInDraft()
            .GivenBy("planner2", new StrategySubmitted(1, 1, "For the SMG-P", "Draft complete"))
            .GivenBy("reviewer1", new StrategyEndorsed(1, 2, "Endorsed at the SMG-P", "Forum met on 12 May"))
            .GivenBy("hom1", new StrategyApproved(1, 3, null, "Signed"))
            .GivenBy("hq1",
                new StrategyReturnedForRevision(1, 4, Stage.Approved, "Reflect the new mandate", "Resolution 2790"),
                new RevisionOpened(2, "Returned by HQ review"))
            .GivenBy("planner1", new StrategySubmitted(2, 6))
            .Strategy;

        Assert.Equal(
            [
                (LifecycleStepKind.Submitted, 1, "planner2", Role.Planner, 2L, "Draft complete", "For the SMG-P"),
                (LifecycleStepKind.Endorsed, 1, "reviewer1", Role.Reviewer, 3L, "Forum met on 12 May",
                    "Endorsed at the SMG-P"),
                (LifecycleStepKind.Approved, 1, "hom1", Role.HeadOfMission, 4L, "Signed", null),
                (LifecycleStepKind.Returned, 1, "hq1", Role.HqReviewer, 5L, "Resolution 2790",
                    "Reflect the new mandate"),
                (LifecycleStepKind.RevisionOpened, 2, "hq1", Role.HqReviewer, 6L, "Returned by HQ review", null),
                (LifecycleStepKind.Submitted, 2, "planner1", Role.Planner, 7L, null, null),
            ],
            strategy.Steps.Select(s => (s.Step, s.Revision, s.By, s.Role, s.StreamVersion, s.Reason, s.Comments)));
        Assert.Equal(Specification.Now.AddMinutes(1), strategy.Steps[0].At);
    }

    [Fact]
    public void A_revision_opened_by_a_planner_is_recorded_in_the_planner_role()
    {
        var strategy = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved))
            .GivenBy("planner2", new RevisionOpened(2, "Mandate renewal")).Strategy;

        var opened = strategy.Steps[^1];
        Assert.Equal((LifecycleStepKind.RevisionOpened, 2, "planner2", Role.Planner, "Mandate renewal"),
            (opened.Step, opened.Revision, opened.By, opened.Role, opened.Reason));
    }

    [Fact]
    public void Editing_an_approved_strategy_is_refused_until_a_revision_is_opened_then_codes_continue()
    {
        var spec = StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack())).Given(ReviewedUpTo(Stage.Approved));
        var second = Specification.NewId(102);

        Specification.ThenConflict(() => spec.When(new IdentifyThreat(StrategyId, second, MarketAttack())), "strategy-approved");
        spec.Given(new RevisionOpened(2, "Mandate renewal"));

        Specification.Then(spec.When(new IdentifyThreat(StrategyId, second, MarketAttack())), new ThreatIdentified(second, "T-02", MarketAttack()));
        Assert.Equal((2, Stage.Draft), (spec.Strategy.Revision, spec.Strategy.Stage));
    }

    [Fact]
    public void A_revision_goes_through_the_whole_review_again()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved)).Given(new RevisionOpened(2, "Mandate renewal"));

        Specification.Then(spec.When(new SubmitStrategy(StrategyId, null, Why)),
            new StrategySubmitted(2, 5, null, Why));
        spec.Given(new StrategySubmitted(2, 5)).ActingAs(Role.Reviewer);
        Specification.Then(spec.When(new EndorseStrategy(StrategyId, null, Why)),
            new StrategyEndorsed(2, 6, null, Why));
        spec.Given(new StrategyEndorsed(2, 6, null)).ActingAs(Role.HeadOfMission);
        Specification.Then(spec.When(new ApproveStrategy(StrategyId, null, Why)),
            new StrategyApproved(2, 7, null, Why));
    }
}

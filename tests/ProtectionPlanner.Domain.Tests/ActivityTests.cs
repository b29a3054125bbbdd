using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class ActivityTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid OtherActivity = Specification.NewId(201);
    private static readonly Guid Objective = Specification.NewId(300);
    private static readonly Guid Unknown = Specification.NewId(900);

    /// <summary>A draft with a threat (version 2).</summary>
    private static Specification WithThreat() => StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()));

    /// <summary>A draft with a threat and patrols answering it (activity version 3).</summary>
    private static Specification WithPatrols() => WithThreat().Given(new ActivityPlanned(Activity, "A-01", Patrols([Threat])));

    [Fact]
    public void Planning_an_activity_gives_it_the_next_code()
    {
        var spec = WithThreat();

        var events = spec.When(new PlanActivity(StrategyId, Activity, Patrols([Threat])));

        Specification.Then(events, new ActivityPlanned(Activity, "A-01", Patrols([Threat])));
    }

    [Fact]
    public void Activity_codes_are_not_reused_after_a_removal()
    {
        var third = Specification.NewId(202);
        var spec = WithPatrols().Given(new ActivityRemoved(Activity), new ActivityPlanned(OtherActivity, "A-02", Patrols([Threat])));

        var events = spec.When(new PlanActivity(StrategyId, third, Patrols([Threat])));

        Specification.Then(events, new ActivityPlanned(third, "A-03", Patrols([Threat])));
    }

    [Fact]
    public void A_prevention_activity_may_answer_no_threat_yet()
    {
        var spec = StrategyInDraft();
        var dialogue = Patrols([]) with { Title = "Intercommunal dialogue", Tier = Tier.Dialogue, Phase = Phase.Prevention };

        var events = spec.When(new PlanActivity(StrategyId, Activity, dialogue));

        Specification.Then(events, new ActivityPlanned(Activity, "A-01", dialogue));
    }

    [Fact]
    public void An_activity_pursuing_an_objective_of_the_strategy_is_planned()
    {
        var spec = WithThreat().Given(new ObjectiveAdded(Objective, "O-1", Fixtures.Objective()));
        var details = Patrols([Threat]) with { ObjectiveId = Objective };

        var events = spec.When(new PlanActivity(StrategyId, Activity, details));

        Specification.Then(events, new ActivityPlanned(Activity, "A-01", details));
    }

    [Fact]
    public void A_planned_activity_is_stamped_and_counted()
    {
        var spec = WithThreat().GivenBy("planner2", new ActivityPlanned(Activity, "A-01", Patrols([Threat])));

        var activity = spec.Strategy.Activity(Activity)!;

        Assert.Equal(("A-01", 3L, "planner2", 1), (activity.Code, activity.Stamp.Version, activity.Stamp.ChangedBy, spec.Strategy.ActivitiesPlanned));
    }

    [Fact]
    public void Planning_an_activity_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithPatrols();

        Specification.ThenConflict(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols([Threat]))), "activity-exists");
    }

    [Fact]
    public void Planning_an_activity_against_an_unknown_threat_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols([Threat, Unknown]))), "Threat", Unknown.ToString());
    }

    [Fact]
    public void Planning_an_activity_for_an_unknown_objective_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols([Threat]) with { ObjectiveId = Unknown })),
            "Objective", Unknown.ToString());
    }

    [Fact]
    public void Planning_an_activity_in_an_unknown_area_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols([Threat]) with { AreaId = Unknown })),
            "Area of operation (details.areaId)", Unknown.ToString());
    }

    [Fact]
    public void An_activity_in_an_undefined_tier_phase_or_status_is_invalid()
    {
        var spec = WithThreat();
        var details = Patrols([Threat]) with { Tier = (Tier)42, Phase = (Phase)42, Status = (ActivityStatus)42 };

        Specification.ThenInvalid(() => spec.When(new PlanActivity(StrategyId, Activity, details)), "details.tier", "details.phase", "details.status");
    }

    [Fact]
    public void An_activity_ending_before_it_starts_is_invalid()
    {
        var spec = WithThreat();
        var details = Patrols([Threat]) with { Start = new DateOnly(2024, 6, 1), End = new DateOnly(2024, 5, 31) };

        Specification.ThenInvalid(() => spec.When(new PlanActivity(StrategyId, Activity, details)), "details.end");
    }

    [Fact]
    public void An_activity_answering_more_than_fifty_threats_is_invalid()
    {
        var spec = WithThreat();
        var threats = Enumerable.Range(1000, Check.ListSize + 1).Select(Specification.NewId).ToList();

        Specification.ThenInvalid(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols(threats))), "details.threatIds");
    }

    [Fact]
    public void An_activity_without_a_list_of_threats_is_invalid_rather_than_a_crash()
    {
        var spec = WithThreat();

        Specification.ThenInvalid(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols(null!))), "details.threatIds");
    }

    [Fact]
    public void Oversized_texts_of_an_activity_are_each_named()
    {
        var spec = WithThreat();
        var details = Patrols([Threat]) with
        {
            Title = Over(Check.ShortText), Description = Over(Check.LongText), Location = Over(Check.ShortText), Indicator = Over(Check.LongText),
            SupportedSecurityForce = Over(Check.ShortText),
        };

        Specification.ThenInvalid(() => spec.When(new PlanActivity(StrategyId, Activity, details)),
            "details.title", "details.description", "details.location", "details.indicator", "details.supportedSecurityForce");
    }

    [Fact]
    public void An_activity_without_id_or_details_is_invalid()
    {
        var spec = WithThreat();

        Specification.ThenInvalid(() => spec.When(new PlanActivity(StrategyId, Guid.Empty, null!)), "activityId", "details");
    }

    [Fact]
    public void Revising_an_activity_records_the_new_details()
    {
        var spec = WithPatrols();
        var details = Patrols([Threat]) with { Phase = Phase.Response, Status = ActivityStatus.Ongoing };

        var events = spec.When(new ReviseActivity(StrategyId, Activity, 3, details));

        Specification.Then(events, new ActivityRevised(Activity, details));
    }

    [Fact]
    public void A_revision_replaces_the_details_and_stamps_the_activity()
    {
        var spec = WithPatrols().GivenBy("planner2", new ActivityRevised(Activity, Patrols([Threat], ActivityStatus.Suspended)));

        var activity = spec.Strategy.Activity(Activity)!;

        Assert.Equal((ActivityStatus.Suspended, 4L, "planner2"), (activity.Details.Status, activity.Stamp.Version, activity.Stamp.ChangedBy));
    }

    [Fact]
    public void Revising_an_activity_with_identical_details_changes_nothing()
    {
        var spec = WithPatrols();

        Specification.ThenNothing(spec.When(new ReviseActivity(StrategyId, Activity, 3, Patrols([Threat]))));
    }

    [Fact]
    public void Revising_an_activity_changed_by_someone_else_since_is_an_item_conflict_naming_them()
    {
        var spec = WithPatrols().GivenBy("planner2", new ActivityRevised(Activity, Patrols([Threat], ActivityStatus.Ongoing)));

        var conflict = Specification.ThenItemConflict(() => spec.When(new ReviseActivity(StrategyId, Activity, 3, Patrols([Threat], ActivityStatus.Cancelled))),
            "A-01", 3, 4, "planner2");

        Assert.Equal(ActivityStatus.Ongoing, Assert.IsType<Item<ActivityDetails>>(conflict.CurrentItem).Details.Status);
    }

    [Fact]
    public void Revising_an_unknown_activity_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new ReviseActivity(StrategyId, Unknown, 3, Patrols([Threat]))), "Activity", Unknown.ToString());
    }

    [Fact]
    public void Revising_an_activity_to_answer_an_unknown_threat_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new ReviseActivity(StrategyId, Activity, 3, Patrols([Unknown]))), "Threat", Unknown.ToString());
    }

    [Fact]
    public void Revising_an_activity_to_end_before_it_starts_is_invalid()
    {
        var spec = WithPatrols();
        var details = Patrols([Threat]) with { End = new DateOnly(2023, 12, 31) };

        Specification.ThenInvalid(() => spec.When(new ReviseActivity(StrategyId, Activity, 3, details)), "details.end");
    }

    [Fact]
    public void Removing_an_activity_records_its_removal()
    {
        var spec = WithPatrols();

        Specification.Then(spec.When(new RemoveActivity(StrategyId, Activity, 3)), new ActivityRemoved(Activity));
    }

    [Fact]
    public void Removing_an_activity_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithPatrols().GivenBy("planner2", new ActivityRevised(Activity, Patrols([Threat], ActivityStatus.Ongoing)));

        Specification.ThenItemConflict(() => spec.When(new RemoveActivity(StrategyId, Activity, 3)), "A-01", 3, 4, "planner2");
    }

    [Fact]
    public void Removing_an_unknown_activity_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new RemoveActivity(StrategyId, Unknown, 3)), "Activity", Unknown.ToString());
    }

    [Fact]
    public void A_removed_activity_takes_its_assignments_and_assessment_with_it_and_hand_overs_lose_the_link()
    {
        var handover = Specification.NewId(400);
        var spec = WithThreat()
            .Given(new ActivityPlanned(Activity, "A-01", Patrols([Threat], supportedForce: "National Police Service")),
                new ActivityPlanned(OtherActivity, "A-02", Patrols([Threat])),
                new ComponentAssignedAsLead(Activity, Military, People(40)), new ComponentAssignedInSupport(Activity, Police, People(10)),
                new ComponentAssignedAsLead(OtherActivity, Police, People(5)),
                new DueDiligenceAssessed(Activity, DueDiligenceOnPolice()), new HandoverPlanned(handover, PatrolsHandover(Activity)))
            .Given(new ActivityRemoved(Activity));

        var strategy = spec.Strategy;

        Assert.Equal([OtherActivity], strategy.Activities.Select(a => a.Id));
        Assert.Equal([(OtherActivity, Police)], strategy.Assignments.Select(a => (a.ActivityId, a.ComponentId)));
        Assert.Empty(strategy.DueDiligence);
        Assert.Null(strategy.Handovers.Single().Details.ActivityId);
    }
}

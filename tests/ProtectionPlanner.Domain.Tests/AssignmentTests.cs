using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class AssignmentTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid Unknown = Specification.NewId(900);
    private static readonly Asset Helicopter = new("helicopter", 1);

    /// <summary>A draft with patrols (activity version 3) and no assignment yet.</summary>
    private static Specification WithPatrols() =>
        StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat])));

    /// <summary>Patrols led by the Force (assignment version 4).</summary>
    private static Specification LedByForce() => WithPatrols().Given(new ComponentAssignedAsLead(Activity, Military, People(40, Helicopter)));

    [Fact]
    public void Assigning_the_first_lead_records_it_with_its_commitment()
    {
        var spec = WithPatrols();

        var events = spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(40, Helicopter), CurrentLeadVersion: null));

        Specification.Then(events, new ComponentAssignedAsLead(Activity, Military, People(40, Helicopter)));
    }

    [Fact]
    public void Replacing_the_lead_unassigns_the_old_one_before_assigning_the_new_one()
    {
        var spec = LedByForce();

        var events = spec.When(new AssignLeadComponent(StrategyId, Activity, Police, People(20), CurrentLeadVersion: 4));

        Specification.Then(events, new ComponentUnassigned(Activity, Military), new ComponentAssignedAsLead(Activity, Police, People(20)));
    }

    [Fact]
    public void After_a_replacement_the_activity_has_exactly_one_lead()
    {
        var spec = LedByForce().Given(new ComponentUnassigned(Activity, Military), new ComponentAssignedAsLead(Activity, Police, People(20)));

        Assert.Equal([(Police, AssignmentRole.Lead)], spec.Strategy.Assignments.Select(a => (a.ComponentId, a.Role)));
    }

    [Fact]
    public void Assigning_the_current_lead_with_another_commitment_changes_the_commitment()
    {
        var spec = LedByForce();

        var events = spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(60), CurrentLeadVersion: 4));

        Specification.Then(events, new CommitmentChanged(Activity, Military, People(60)));
    }

    [Fact]
    public void Assigning_the_current_lead_with_the_same_commitment_changes_nothing()
    {
        var spec = LedByForce();

        Specification.ThenNothing(spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(40, Helicopter), CurrentLeadVersion: 4)));
    }

    [Fact]
    public void Two_planners_choosing_a_lead_at_once_conflict_instead_of_overwriting_each_other()
    {
        var spec = WithPatrols().GivenBy("planner2", new ComponentAssignedAsLead(Activity, Police, People(20)));

        var conflict = Specification.ThenItemConflict(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(40), CurrentLeadVersion: null)),
            "A-01", 0, 4, "planner2");

        Assert.Equal(Police, Assert.IsType<Assignment>(conflict.CurrentItem).ComponentId);
    }

    [Fact]
    public void Replacing_a_lead_whose_commitment_changed_since_is_an_item_conflict()
    {
        var spec = LedByForce().GivenBy("planner2", new CommitmentChanged(Activity, Military, People(80)));

        Specification.ThenItemConflict(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Police, People(20), CurrentLeadVersion: 4)),
            "A-01", 4, 5, "planner2");
    }

    [Fact]
    public void Naming_a_lead_version_when_there_is_no_lead_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(40), CurrentLeadVersion: 3)),
            "Lead of activity", "A-01");
    }

    [Fact]
    public void Assigning_a_component_the_mission_does_not_have_as_lead_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Unknown, People(40), null)), "Component", Unknown.ToString());
    }

    [Fact]
    public void Assigning_a_lead_to_an_unknown_activity_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new AssignLeadComponent(StrategyId, Unknown, Military, People(40), null)), "Activity", Unknown.ToString());
    }

    [Fact]
    public void A_supporting_component_made_lead_is_promoted_not_duplicated()
    {
        var spec = WithPatrols().Given(new ComponentAssignedInSupport(Activity, Police, People(10)));

        var events = spec.When(new AssignLeadComponent(StrategyId, Activity, Police, People(20), null));
        var after = spec.Given([.. events]).Strategy;

        Specification.Then(events, new ComponentAssignedAsLead(Activity, Police, People(20)));
        Assert.Equal([(Police, AssignmentRole.Lead, 20)], after.Assignments.Select(a => (a.ComponentId, a.Role, a.Commitment.Personnel)));
    }

    [Fact]
    public void A_negative_commitment_is_invalid()
    {
        var spec = WithPatrols();

        Specification.ThenInvalid(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(-1, new Asset("helicopter", -2)), null)),
            "commitment.personnel", "commitment.assets[0].quantity");
    }

    [Fact]
    public void A_commitment_of_an_unnamed_asset_or_more_than_fifty_assets_is_invalid()
    {
        var spec = WithPatrols();
        var assets = Enumerable.Range(1, Check.ListSize + 1).Select(i => new Asset(i == 2 ? " " : $"vehicle {i}", 1)).ToArray();

        Specification.ThenInvalid(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Military, People(1, assets), null)),
            "commitment.assets", "commitment.assets[1].name");
    }

    [Fact]
    public void A_lead_without_component_or_commitment_is_invalid()
    {
        var spec = WithPatrols();

        Specification.ThenInvalid(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Guid.Empty, null!, null)), "componentId", "commitment");
    }

    [Fact]
    public void A_commitment_without_a_list_of_assets_is_invalid_rather_than_a_crash_later()
    {
        var spec = WithPatrols();

        Specification.ThenInvalid(() => spec.When(new AssignLeadComponent(StrategyId, Activity, Military, new Commitment(10, null!), null)), "commitment.assets");
    }

    [Fact]
    public void Assigning_a_supporting_component_records_its_commitment()
    {
        var spec = LedByForce();

        var events = spec.When(new AssignSupportingComponent(StrategyId, Activity, Police, People(10)));

        Specification.Then(events, new ComponentAssignedInSupport(Activity, Police, People(10)));
    }

    [Fact]
    public void An_activity_takes_any_number_of_supporting_components()
    {
        var spec = LedByForce().Given(new ComponentAssignedInSupport(Activity, Police, People(10)));

        var events = spec.When(new AssignSupportingComponent(StrategyId, Activity, CivilAffairs, People(2)));

        Specification.Then(events, new ComponentAssignedInSupport(Activity, CivilAffairs, People(2)));
    }

    [Fact]
    public void Assigning_a_component_already_supporting_the_activity_is_a_state_conflict()
    {
        var spec = LedByForce().Given(new ComponentAssignedInSupport(Activity, Police, People(10)));

        Specification.ThenConflict(() => spec.When(new AssignSupportingComponent(StrategyId, Activity, Police, People(5))), "already-assigned");
    }

    [Fact]
    public void Assigning_the_lead_also_in_support_is_a_state_conflict_naming_its_role()
    {
        var spec = LedByForce();

        var conflict = Specification.ThenConflict(() => spec.When(new AssignSupportingComponent(StrategyId, Activity, Military, People(5))), "already-assigned");

        Assert.Contains("lead component", conflict.Message);
    }

    [Fact]
    public void Assigning_an_unknown_component_in_support_is_not_found()
    {
        var spec = LedByForce();

        Specification.ThenNotFound(() => spec.When(new AssignSupportingComponent(StrategyId, Activity, Unknown, People(5))), "Component", Unknown.ToString());
    }

    [Fact]
    public void Assigning_support_to_an_unknown_activity_is_not_found()
    {
        var spec = LedByForce();

        Specification.ThenNotFound(() => spec.When(new AssignSupportingComponent(StrategyId, Unknown, Police, People(5))), "Activity", Unknown.ToString());
    }

    [Fact]
    public void A_supporting_commitment_of_negative_personnel_is_invalid()
    {
        var spec = LedByForce();

        Specification.ThenInvalid(() => spec.When(new AssignSupportingComponent(StrategyId, Activity, Police, People(-5))), "commitment.personnel");
    }

    [Fact]
    public void A_supporting_assignment_without_a_component_is_invalid()
    {
        var spec = LedByForce();

        Specification.ThenInvalid(() => spec.When(new AssignSupportingComponent(StrategyId, Activity, Guid.Empty, People(5))), "componentId");
    }

    [Fact]
    public void Changing_a_commitment_records_the_new_one()
    {
        var spec = LedByForce();

        var events = spec.When(new ChangeCommitment(StrategyId, Activity, Military, 4, People(30, new Asset("helicopter", 2))));

        Specification.Then(events, new CommitmentChanged(Activity, Military, People(30, new Asset("helicopter", 2))));
    }

    [Fact]
    public void A_changed_commitment_keeps_the_role_and_stamps_the_assignment()
    {
        var spec = LedByForce().GivenBy("planner2", new CommitmentChanged(Activity, Military, People(30)));

        var lead = spec.Strategy.Lead(Activity)!;

        Assert.Equal((Military, 30, 5L, "planner2"), (lead.ComponentId, lead.Commitment.Personnel, lead.Stamp.Version, lead.Stamp.ChangedBy));
    }

    [Fact]
    public void Changing_a_commitment_to_the_same_one_changes_nothing()
    {
        var spec = LedByForce();

        Specification.ThenNothing(spec.When(new ChangeCommitment(StrategyId, Activity, Military, 4, People(40, Helicopter))));
    }

    [Fact]
    public void Changing_a_commitment_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = LedByForce().GivenBy("planner2", new CommitmentChanged(Activity, Military, People(30)));

        Specification.ThenItemConflict(() => spec.When(new ChangeCommitment(StrategyId, Activity, Military, 4, People(50))), $"A-01/{Military}", 4, 5, "planner2");
    }

    [Fact]
    public void Changing_the_commitment_of_a_component_not_assigned_is_not_found()
    {
        var spec = LedByForce();

        Specification.ThenNotFound(() => spec.When(new ChangeCommitment(StrategyId, Activity, Police, 4, People(50))), "Assignment", $"A-01/{Police}");
    }

    [Fact]
    public void Changing_a_commitment_on_an_unknown_activity_is_not_found()
    {
        var spec = LedByForce();

        Specification.ThenNotFound(() => spec.When(new ChangeCommitment(StrategyId, Unknown, Military, 4, People(50))), "Activity", Unknown.ToString());
    }

    [Fact]
    public void Changing_a_commitment_to_negative_personnel_is_invalid()
    {
        var spec = LedByForce();

        Specification.ThenInvalid(() => spec.When(new ChangeCommitment(StrategyId, Activity, Military, 4, People(-1))), "commitment.personnel");
    }

    [Fact]
    public void Unassigning_a_component_records_it()
    {
        var spec = LedByForce();

        Specification.Then(spec.When(new UnassignComponent(StrategyId, Activity, Military, 4)), new ComponentUnassigned(Activity, Military));
    }

    [Fact]
    public void Unassigning_the_lead_leaves_the_activity_without_one()
    {
        var spec = LedByForce().Given(new ComponentAssignedInSupport(Activity, Police, People(10)), new ComponentUnassigned(Activity, Military));

        Assert.Null(spec.Strategy.Lead(Activity));
        Assert.Equal([Police], spec.Strategy.Assignments.Select(a => a.ComponentId));
    }

    [Fact]
    public void Unassigning_a_component_whose_commitment_changed_since_is_an_item_conflict()
    {
        var spec = LedByForce().GivenBy("planner2", new CommitmentChanged(Activity, Military, People(30)));

        Specification.ThenItemConflict(() => spec.When(new UnassignComponent(StrategyId, Activity, Military, 4)), $"A-01/{Military}", 4, 5, "planner2");
    }

    [Fact]
    public void Unassigning_a_component_not_assigned_is_not_found()
    {
        var spec = LedByForce();

        Specification.ThenNotFound(() => spec.When(new UnassignComponent(StrategyId, Activity, CivilAffairs, 4)), "Assignment", $"A-01/{CivilAffairs}");
    }

    [Fact]
    public void Unassigning_from_an_unknown_activity_is_not_found()
    {
        var spec = LedByForce();

        Specification.ThenNotFound(() => spec.When(new UnassignComponent(StrategyId, Unknown, Military, 4)), "Activity", Unknown.ToString());
    }
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class DueDiligenceTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid Unknown = Specification.NewId(900);

    /// <summary>A draft whose patrols (activity version 3) support the National Police Service.</summary>
    private static Specification WithSupportToPolice() => StrategyInDraft()
        .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat], supportedForce: "National Police Service")));

    /// <summary>The same, with a first assessment (version 4).</summary>
    private static Specification Assessed() => WithSupportToPolice().Given(new DueDiligenceAssessed(Activity, DueDiligenceOnPolice()));

    [Fact]
    public void Assessing_support_to_a_non_UN_force_records_the_assessment()
    {
        var spec = WithSupportToPolice();

        var events = spec.When(new AssessDueDiligence(StrategyId, Activity, null, DueDiligenceOnPolice()));

        Specification.Then(events, new DueDiligenceAssessed(Activity, DueDiligenceOnPolice()));
    }

    [Fact]
    public void Reassessing_against_the_current_assessment_replaces_it()
    {
        var spec = Assessed();

        var events = spec.When(new AssessDueDiligence(StrategyId, Activity, 4, DueDiligenceOnPolice(Level.High)));

        Specification.Then(events, new DueDiligenceAssessed(Activity, DueDiligenceOnPolice(Level.High)));
    }

    [Fact]
    public void An_activity_keeps_one_assessment_the_latest()
    {
        var spec = Assessed().GivenBy("planner2", new DueDiligenceAssessed(Activity, DueDiligenceOnPolice(Level.High)));

        var assessment = Assert.Single(spec.Strategy.DueDiligence);

        Assert.Equal((Level.High, 5L, "planner2"), (assessment.Assessment.Risk, assessment.Stamp.Version, assessment.Stamp.ChangedBy));
    }

    [Fact]
    public void Reassessing_with_an_identical_assessment_changes_nothing()
    {
        var spec = Assessed();

        Specification.ThenNothing(spec.When(new AssessDueDiligence(StrategyId, Activity, 4, DueDiligenceOnPolice())));
    }

    [Fact]
    public void Assessing_an_activity_that_supports_no_force_is_a_state_conflict()
    {
        var spec = StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat])));

        Specification.ThenConflict(() => spec.When(new AssessDueDiligence(StrategyId, Activity, null, DueDiligenceOnPolice())), "no-support-to-assess");
    }

    [Fact]
    public void Reassessing_after_someone_else_reassessed_is_an_item_conflict_naming_them()
    {
        var spec = Assessed().GivenBy("planner2", new DueDiligenceAssessed(Activity, DueDiligenceOnPolice(Level.High)));

        var conflict = Specification.ThenItemConflict(() => spec.When(new AssessDueDiligence(StrategyId, Activity, 4, DueDiligenceOnPolice(Level.Low))),
            "A-01", 4, 5, "planner2");

        Assert.Equal(Level.High, Assert.IsType<DueDiligence>(conflict.CurrentItem).Assessment.Risk);
    }

    [Fact]
    public void Two_planners_making_the_first_assessment_at_once_conflict()
    {
        var spec = WithSupportToPolice().GivenBy("planner2", new DueDiligenceAssessed(Activity, DueDiligenceOnPolice(Level.High)));

        Specification.ThenItemConflict(() => spec.When(new AssessDueDiligence(StrategyId, Activity, null, DueDiligenceOnPolice())), "A-01", 0, 4, "planner2");
    }

    [Fact]
    public void Naming_a_version_of_an_assessment_that_does_not_exist_is_not_found()
    {
        var spec = WithSupportToPolice();

        Specification.ThenNotFound(() => spec.When(new AssessDueDiligence(StrategyId, Activity, 3, DueDiligenceOnPolice())), "Due diligence assessment", "A-01");
    }

    [Fact]
    public void Assessing_an_unknown_activity_is_not_found()
    {
        var spec = WithSupportToPolice();

        Specification.ThenNotFound(() => spec.When(new AssessDueDiligence(StrategyId, Unknown, null, DueDiligenceOnPolice())), "Activity", Unknown.ToString());
    }

    [Fact]
    public void Proceeding_with_mitigation_needs_the_mitigations()
    {
        var spec = WithSupportToPolice();

        Specification.ThenInvalid(() => spec.When(new AssessDueDiligence(StrategyId, Activity, null, DueDiligenceOnPolice() with { Mitigations = " " })),
            "assessment.mitigations");
    }

    [Fact]
    public void Withholding_support_needs_no_mitigations()
    {
        var spec = WithSupportToPolice();
        var withheld = DueDiligenceOnPolice(Level.High) with { Mitigations = null, Conclusion = DueDiligenceConclusion.SupportWithheld };

        Specification.Then(spec.When(new AssessDueDiligence(StrategyId, Activity, null, withheld)), new DueDiligenceAssessed(Activity, withheld));
    }

    [Fact]
    public void An_assessment_without_force_or_risks_with_undefined_levels_is_invalid_field_by_field()
    {
        var spec = WithSupportToPolice();
        var assessment = DueDiligenceOnPolice() with
        {
            SupportedForce = "", Risk = (Level)42, RisksIdentified = Over(Check.LongText), Conclusion = (DueDiligenceConclusion)42,
        };

        Specification.ThenInvalid(() => spec.When(new AssessDueDiligence(StrategyId, Activity, null, assessment)),
            "assessment.supportedForce", "assessment.risk", "assessment.risksIdentified", "assessment.conclusion");
    }

    [Fact]
    public void An_assessment_with_oversized_mitigations_is_invalid()
    {
        var spec = WithSupportToPolice();

        Specification.ThenInvalid(() => spec.When(new AssessDueDiligence(StrategyId, Activity, null, DueDiligenceOnPolice() with { Mitigations = Over(Check.LongText) })),
            "assessment.mitigations");
    }

    [Fact]
    public void A_missing_assessment_is_invalid()
    {
        var spec = WithSupportToPolice();

        Specification.ThenInvalid(() => spec.When(new AssessDueDiligence(StrategyId, Activity, null, null!)), "assessment");
    }
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Items;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class ObjectiveAndOverviewTests
{
    private static readonly Guid Objective = Specification.NewId(300);
    private static readonly Guid OtherObjective = Specification.NewId(301);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid Unknown = Specification.NewId(900);

    /// <summary>A draft with an overview (version 2).</summary>
    private static Specification WithOverview() => StrategyInDraft().Given(new OverviewUpdated(Overview()));

    /// <summary>A draft with objective O-1 (version 2).</summary>
    private static Specification WithObjective() => StrategyInDraft().Given(new ObjectiveAdded(Objective, "O-1", Fixtures.Objective()));

    [Fact]
    public void The_first_overview_is_written_against_version_zero()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new UpdateOverview(StrategyId, 0, Overview())), new OverviewUpdated(Overview()));
    }

    [Fact]
    public void Updating_the_overview_against_its_current_version_records_it()
    {
        var spec = WithOverview();

        Specification.Then(spec.When(new UpdateOverview(StrategyId, 2, Overview("Protect civilians in Unity and Upper Nile"))),
            new OverviewUpdated(Overview("Protect civilians in Unity and Upper Nile")));
    }

    [Fact]
    public void An_updated_overview_is_stamped_with_who_wrote_it()
    {
        var strategy = StrategyInDraft().GivenBy("planner2", new OverviewUpdated(Overview())).Strategy;

        Assert.Equal((Overview().Purpose, 2L, "planner2"), (strategy.Overview.Purpose, strategy.OverviewStamp!.Version, strategy.OverviewStamp.ChangedBy));
    }

    [Fact]
    public void Updating_the_overview_with_identical_text_changes_nothing()
    {
        var spec = WithOverview();

        Specification.ThenNothing(spec.When(new UpdateOverview(StrategyId, 2, Overview())));
    }

    [Fact]
    public void Updating_an_overview_changed_by_someone_else_since_is_an_item_conflict_carrying_their_text()
    {
        var spec = WithOverview().GivenBy("planner2", new OverviewUpdated(Overview("Their purpose")));

        var conflict = Specification.ThenItemConflict(() => spec.When(new UpdateOverview(StrategyId, 2, Overview("My purpose"))), "of the strategy", 2, 3, "planner2");

        Assert.Equal("Their purpose", Assert.IsType<Overview>(conflict.CurrentItem).Purpose);
    }

    [Fact]
    public void Two_planners_writing_the_first_overview_at_once_conflict()
    {
        var spec = StrategyInDraft().GivenBy("planner2", new OverviewUpdated(Overview("Their purpose")));

        Specification.ThenItemConflict(() => spec.When(new UpdateOverview(StrategyId, 0, Overview("My purpose"))), "of the strategy", 0, 2, "planner2");
    }

    [Fact]
    public void Naming_a_version_of_an_overview_never_written_is_not_found()
    {
        var spec = StrategyInDraft();

        Specification.ThenNotFound(() => spec.When(new UpdateOverview(StrategyId, 5, Overview())), "Overview version", "5");
    }

    [Fact]
    public void An_overview_needs_a_purpose_and_scope_and_names_blank_principles_by_index()
    {
        var spec = StrategyInDraft();
        var overview = new Overview(" ", Over(Check.LongText), ["Do no harm", ""]);

        Specification.ThenInvalid(() => spec.When(new UpdateOverview(StrategyId, 0, overview)), "overview.purpose", "overview.scope", "overview.principles[1]");
    }

    [Fact]
    public void An_overview_with_more_than_fifty_principles_is_invalid()
    {
        var spec = StrategyInDraft();
        var overview = Overview() with { Principles = Enumerable.Range(1, Check.ListSize + 1).Select(i => $"Principle {i}").ToList() };

        Specification.ThenInvalid(() => spec.When(new UpdateOverview(StrategyId, 0, overview)), "overview.principles");
    }

    [Fact]
    public void A_missing_overview_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new UpdateOverview(StrategyId, 0, null!)), "overview");
    }

    [Fact]
    public void Adding_an_objective_gives_it_the_next_code()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new AddObjective(StrategyId, Objective, Fixtures.Objective())), new ObjectiveAdded(Objective, "O-1", Fixtures.Objective()));
    }

    [Fact]
    public void Objective_codes_are_not_reused_after_a_removal()
    {
        var spec = WithObjective().Given(new ObjectiveRemoved(Objective));

        Specification.Then(spec.When(new AddObjective(StrategyId, OtherObjective, Fixtures.Objective("Safe return"))),
            new ObjectiveAdded(OtherObjective, "O-2", Fixtures.Objective("Safe return")));
    }

    [Fact]
    public void Adding_an_objective_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithObjective();

        Specification.ThenConflict(() => spec.When(new AddObjective(StrategyId, Objective, Fixtures.Objective("Again"))), "item-exists");
    }

    [Fact]
    public void An_objective_without_id_or_title_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new AddObjective(StrategyId, Guid.Empty, Fixtures.Objective(" "))), "objectiveId", "details.title");
    }

    [Fact]
    public void Oversized_texts_of_an_objective_and_its_indicators_are_each_named()
    {
        var spec = StrategyInDraft();
        var details = new ObjectiveDetails(Over(Check.ShortText), Over(Check.LongText),
            [new Indicator("Attacks reported", IndicatorKind.Quantitative, Over(Check.ShortText), Over(Check.ShortText),
                Over(Check.ShortText))]);

        Specification.ThenInvalid(() => spec.When(new AddObjective(StrategyId, Objective, details)),
            "details.title", "details.description", "details.indicators[0].target",
            "details.indicators[0].resultsFrameworkLink", "details.indicators[0].baseline");
    }

    [Fact]
    public void An_indicator_keeps_its_baseline_beside_its_target()
    {
        var spec = StrategyInDraft();
        var details = Fixtures.Objective() with
        {
            Indicators = [new Indicator("Attacks on markets reported", IndicatorKind.Quantitative, "-50%", "CPAS 1.2",
                "14 a month (JMAC, first quarter of 2026)")],
        };

        Specification.Then(spec.When(new AddObjective(StrategyId, Objective, details)),
            new ObjectiveAdded(Objective, "O-1", details));
        var added = StrategyInDraft().Given(new ObjectiveAdded(Objective, "O-1", details)).Strategy.Objectives.Single();
        Assert.Equal("14 a month (JMAC, first quarter of 2026)", added.Details.Indicators.Single().Baseline);
    }

    [Fact]
    public void Revising_only_an_indicator_baseline_is_a_change()
    {
        var spec = WithObjective();
        var indicator = Fixtures.Objective().Indicators.Single();
        var revised = Fixtures.Objective() with { Indicators = [indicator with { Baseline = "9 a month" }] };

        Specification.Then(spec.When(new ReviseObjective(StrategyId, Objective, 2, revised)),
            new ObjectiveRevised(Objective, revised));
    }

    [Fact]
    public void An_indicator_without_description_or_of_an_undefined_kind_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = Fixtures.Objective() with { Indicators = [new Indicator("Perception surveys", IndicatorKind.Qualitative, null, null), new Indicator("", (IndicatorKind)42, null, null)] };

        Specification.ThenInvalid(() => spec.When(new AddObjective(StrategyId, Objective, details)), "details.indicators[1].description", "details.indicators[1].kind");
    }

    [Fact]
    public void An_objective_with_more_than_fifty_indicators_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = Fixtures.Objective() with
        {
            Indicators = Enumerable.Range(1, Check.ListSize + 1).Select(i => new Indicator($"Indicator {i}", IndicatorKind.Qualitative, null, null)).ToList(),
        };

        Specification.ThenInvalid(() => spec.When(new AddObjective(StrategyId, Objective, details)), "details.indicators");
    }

    [Fact]
    public void A_missing_objective_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new AddObjective(StrategyId, Objective, null!)), "details");
    }

    [Fact]
    public void Revising_an_objective_records_the_new_details()
    {
        var spec = WithObjective();

        Specification.Then(spec.When(new ReviseObjective(StrategyId, Objective, 2, Fixtures.Objective("Markets are safe"))),
            new ObjectiveRevised(Objective, Fixtures.Objective("Markets are safe")));
    }

    [Fact]
    public void A_revised_objective_keeps_its_code_and_is_stamped()
    {
        var objective = WithObjective().GivenBy("planner2", new ObjectiveRevised(Objective, Fixtures.Objective("Markets are safe"))).Strategy.Objectives.Single();

        Assert.Equal(("O-1", "Markets are safe", 3L, "planner2"), (objective.Code, objective.Details.Title, objective.Stamp.Version, objective.Stamp.ChangedBy));
    }

    [Fact]
    public void Revising_an_objective_with_identical_details_changes_nothing()
    {
        var spec = WithObjective();

        Specification.ThenNothing(spec.When(new ReviseObjective(StrategyId, Objective, 2, Fixtures.Objective())));
    }

    [Fact]
    public void Revising_an_objective_changed_by_someone_else_since_is_an_item_conflict_naming_them()
    {
        var spec = WithObjective().GivenBy("planner2", new ObjectiveRevised(Objective, Fixtures.Objective("Theirs")));

        Specification.ThenItemConflict(() => spec.When(new ReviseObjective(StrategyId, Objective, 2, Fixtures.Objective("Mine"))), "O-1", 2, 3, "planner2");
    }

    [Fact]
    public void Revising_an_unknown_objective_is_not_found()
    {
        var spec = WithObjective();

        Specification.ThenNotFound(() => spec.When(new ReviseObjective(StrategyId, Unknown, 2, Fixtures.Objective())), "Objective", Unknown.ToString());
    }

    [Fact]
    public void Revising_an_objective_to_a_blank_title_is_invalid()
    {
        var spec = WithObjective();

        Specification.ThenInvalid(() => spec.When(new ReviseObjective(StrategyId, Objective, 2, Fixtures.Objective(""))), "details.title");
    }

    [Fact]
    public void Removing_an_objective_records_its_removal()
    {
        var spec = WithObjective();

        Specification.Then(spec.When(new RemoveObjective(StrategyId, Objective, 2)), new ObjectiveRemoved(Objective));
    }

    [Fact]
    public void Removing_an_objective_pursued_by_activities_is_refused_naming_them()
    {
        var spec = WithObjective().Given(new ActivityPlanned(Activity, "A-01", Patrols([]) with { ObjectiveId = Objective }));

        var conflict = Specification.ThenConflict(() => spec.When(new RemoveObjective(StrategyId, Objective, 2)), "objective-in-use");

        Assert.Contains("A-01", conflict.Message);
    }

    [Fact]
    public void Removing_an_objective_in_use_from_an_approved_strategy_is_refused_as_approved()
    {
        var spec = WithObjective().Given(new ActivityPlanned(Activity, "A-01", Patrols([]) with { ObjectiveId = Objective }))
            .Given(ReviewedUpTo(Stage.Approved));

        Specification.ThenConflict(() => spec.When(new RemoveObjective(StrategyId, Objective, 2)), "strategy-approved");
    }

    [Fact]
    public void Removing_an_objective_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithObjective().GivenBy("planner2", new ObjectiveRevised(Objective, Fixtures.Objective("Theirs")));

        Specification.ThenItemConflict(() => spec.When(new RemoveObjective(StrategyId, Objective, 2)), "O-1", 2, 3, "planner2");
    }

    [Fact]
    public void Removing_an_unknown_objective_is_not_found()
    {
        var spec = WithObjective();

        Specification.ThenNotFound(() => spec.When(new RemoveObjective(StrategyId, Unknown, 2)), "Objective", Unknown.ToString());
    }

    [Fact]
    public void A_removed_objective_can_no_longer_be_pursued()
    {
        var spec = WithObjective().Given(new ObjectiveRemoved(Objective));

        Assert.Empty(spec.Strategy.Objectives);
        Specification.ThenNotFound(() => spec.When(new PlanActivity(StrategyId, Activity, Patrols([]) with { ObjectiveId = Objective })),
            "Objective", Objective.ToString());
    }
}

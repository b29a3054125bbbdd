using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class TensionDecisionTests
{
    private static readonly Guid Decision = Specification.NewId(600);
    private static readonly Guid Unknown = Specification.NewId(900);

    /// <summary>A draft with the decision on support to the National Police Service (version 2).</summary>
    private static Specification WithDecision() => StrategyInDraft().Given(new TensionDecisionRecorded(Decision, SupportToNationalPolice()));

    [Fact]
    public void Recording_a_decision_on_a_tension_keeps_the_options_weighed()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new RecordTensionDecision(StrategyId, Decision, SupportToNationalPolice())),
            new TensionDecisionRecorded(Decision, SupportToNationalPolice()));
    }

    [Fact]
    public void A_recorded_decision_is_stamped_with_who_recorded_it()
    {
        var decision = StrategyInDraft().GivenBy("planner2", new TensionDecisionRecorded(Decision, SupportToNationalPolice())).Strategy.Decisions.Single();

        Assert.Equal((Tension.PrinciplesVsPragmatism, 2, 2L, "planner2"),
            (decision.Details.Tension, decision.Details.OptionsConsidered.Count, decision.Stamp.Version, decision.Stamp.ChangedBy));
    }

    [Fact]
    public void Recording_a_decision_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithDecision();

        Specification.ThenConflict(() => spec.When(new RecordTensionDecision(StrategyId, Decision, SupportToNationalPolice())), "item-exists");
    }

    [Fact]
    public void A_decision_weighing_a_single_option_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = SupportToNationalPolice() with { OptionsConsidered = [new OptionConsidered("Support", null)] };

        Specification.ThenInvalid(() => spec.When(new RecordTensionDecision(StrategyId, Decision, details)), "details.optionsConsidered");
    }

    [Fact]
    public void A_decision_without_a_list_of_options_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new RecordTensionDecision(StrategyId, Decision, SupportToNationalPolice() with { OptionsConsidered = null! })),
            "details.optionsConsidered");
    }

    [Fact]
    public void A_decision_weighing_more_than_fifty_options_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = SupportToNationalPolice() with
        {
            OptionsConsidered = Enumerable.Range(1, Check.ListSize + 1).Select(i => new OptionConsidered($"Option {i}", null)).ToList(),
        };

        Specification.ThenInvalid(() => spec.When(new RecordTensionDecision(StrategyId, Decision, details)), "details.optionsConsidered");
    }

    [Fact]
    public void A_decision_needs_its_tension_question_decision_and_rationale()
    {
        var spec = StrategyInDraft();
        var details = SupportToNationalPolice() with { Tension = (Tension)42, Question = "", Decision = " ", Rationale = "", DecidedBy = Over(Check.ShortText) };

        Specification.ThenInvalid(() => spec.When(new RecordTensionDecision(StrategyId, Guid.Empty, details)),
            "decisionId", "details.tension", "details.question", "details.decision", "details.rationale", "details.decidedBy");
    }

    [Fact]
    public void Options_considered_are_checked_one_by_one()
    {
        var spec = StrategyInDraft();
        var details = SupportToNationalPolice() with
        {
            OptionsConsidered = [new OptionConsidered("Support", Over(Check.LongText)), new OptionConsidered(" ", null)],
        };

        Specification.ThenInvalid(() => spec.When(new RecordTensionDecision(StrategyId, Decision, details)),
            "details.optionsConsidered[0].assessment", "details.optionsConsidered[1].option");
    }

    [Fact]
    public void A_missing_decision_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new RecordTensionDecision(StrategyId, Decision, null!)), "details");
    }

    [Fact]
    public void Revising_a_decision_records_the_new_details()
    {
        var spec = WithDecision();

        Specification.Then(spec.When(new ReviseTensionDecision(StrategyId, Decision, 2, SupportToNationalPolice("Withhold support"))),
            new TensionDecisionRevised(Decision, SupportToNationalPolice("Withhold support")));
    }

    [Fact]
    public void Revising_a_decision_with_identical_details_changes_nothing()
    {
        var spec = WithDecision();

        Specification.ThenNothing(spec.When(new ReviseTensionDecision(StrategyId, Decision, 2, SupportToNationalPolice())));
    }

    [Fact]
    public void Revising_a_decision_changed_by_someone_else_since_is_an_item_conflict_naming_its_question()
    {
        var spec = WithDecision().GivenBy("planner2", new TensionDecisionRevised(Decision, SupportToNationalPolice("Withhold support")));

        var conflict = Specification.ThenItemConflict(() => spec.When(new ReviseTensionDecision(StrategyId, Decision, 2, SupportToNationalPolice("Support fully"))),
            "'Do we support the National Police Service despite reported abuses?'", 2, 3, "planner2");

        Assert.Equal("Withhold support", Assert.IsType<Item<TensionDecisionDetails>>(conflict.CurrentItem).Details.Decision);
    }

    [Fact]
    public void Revising_an_unknown_decision_is_not_found()
    {
        var spec = WithDecision();

        Specification.ThenNotFound(() => spec.When(new ReviseTensionDecision(StrategyId, Unknown, 2, SupportToNationalPolice())), "Decision", Unknown.ToString());
    }

    [Fact]
    public void Revising_a_decision_to_a_blank_rationale_is_invalid()
    {
        var spec = WithDecision();

        Specification.ThenInvalid(() => spec.When(new ReviseTensionDecision(StrategyId, Decision, 2, SupportToNationalPolice() with { Rationale = " " })),
            "details.rationale");
    }

    [Fact]
    public void Withdrawing_a_decision_records_it_and_removes_it()
    {
        var spec = WithDecision();

        var events = spec.When(new WithdrawTensionDecision(StrategyId, Decision, 2));

        Specification.Then(events, new TensionDecisionWithdrawn(Decision));
        Assert.Empty(spec.Given([.. events]).Strategy.Decisions);
    }

    [Fact]
    public void Withdrawing_a_decision_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithDecision().GivenBy("planner2", new TensionDecisionRevised(Decision, SupportToNationalPolice("Withhold support")));

        Specification.ThenItemConflict(() => spec.When(new WithdrawTensionDecision(StrategyId, Decision, 2)),
            "'Do we support the National Police Service despite reported abuses?'", 2, 3, "planner2");
    }

    [Fact]
    public void Withdrawing_an_unknown_decision_is_not_found()
    {
        var spec = WithDecision();

        Specification.ThenNotFound(() => spec.When(new WithdrawTensionDecision(StrategyId, Unknown, 2)), "Decision", Unknown.ToString());
    }
}

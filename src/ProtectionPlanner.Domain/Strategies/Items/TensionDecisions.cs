using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Items;

internal static class TensionDecisionChecks
{
    public static void Check(Check check, TensionDecisionDetails? details)
    {
        check.Required("details", details);
        if (details is null) return;
        check.Defined("details.tension", details.Tension).Required("details.question", details.Question, Common.Check.LongText)
            .List("details.optionsConsidered", details.OptionsConsidered, each: (c, path, option) =>
                c.Required($"{path}.option", option.Option, Common.Check.LongText).Text($"{path}.assessment", option.Assessment))
            .That(details.OptionsConsidered is { Count: >= 2 }, "details.optionsConsidered", "must list at least two options: a decision weighs alternatives.")
            .Required("details.decision", details.Decision, Common.Check.LongText).Required("details.rationale", details.Rationale, Common.Check.LongText)
            .Text("details.decidedBy", details.DecidedBy, Common.Check.ShortText);
    }
}

/// <summary>Records a reasoned decision on a known tension (principles vs pragmatism, POC vs primacy of politics, ...).</summary>
public sealed record RecordTensionDecision(Guid StrategyId, Guid DecisionId, TensionDecisionDetails Details) : IStrategyCommand<RecordTensionDecision>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("decisionId", DecisionId);
        TensionDecisionChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, RecordTensionDecision command, DecisionContext context) =>
        ItemDecisions.Add(planning, s => s.Decisions, "Decision", command.DecisionId, new TensionDecisionRecorded(command.DecisionId, command.Details));
}

public sealed record ReviseTensionDecision(Guid StrategyId, Guid DecisionId, long ItemVersion, TensionDecisionDetails Details) : IStrategyCommand<ReviseTensionDecision>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        TensionDecisionChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReviseTensionDecision command, DecisionContext context) =>
        ItemDecisions.Revise(planning, s => s.Decisions, "Decision", command.DecisionId, command.ItemVersion, command.Details,
            new TensionDecisionRevised(command.DecisionId, command.Details));
}

public sealed record WithdrawTensionDecision(Guid StrategyId, Guid DecisionId, long ItemVersion) : IStrategyCommand<WithdrawTensionDecision>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, WithdrawTensionDecision command, DecisionContext context) =>
        ItemDecisions.Remove(planning, s => s.Decisions, "Decision", command.DecisionId, command.ItemVersion, new TensionDecisionWithdrawn(command.DecisionId));
}

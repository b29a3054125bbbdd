using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>Submits a draft (or returned) strategy to the mission's protection forum for review.</summary>
public sealed record SubmitStrategy(Guid StrategyId) : IStrategyCommand<SubmitStrategy>
{
    public static Permission Permission => Permission.SubmitStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, SubmitStrategy command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (!strategy.IsEditable)
            throw new StateConflict("not-a-draft", $"Only a draft or returned strategy can be submitted; revision {strategy.Revision} is {StrategyRules.Describe(strategy.Stage)}.");
        return [new StrategySubmitted(strategy.Revision, strategy.Version)];
    }
}

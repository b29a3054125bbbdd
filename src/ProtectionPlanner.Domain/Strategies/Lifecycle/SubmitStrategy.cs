using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>Submits a draft (or returned) strategy to the mission's protection forum for review, with the planners'
/// comments for the forum if any.</summary>
public sealed record SubmitStrategy(Guid StrategyId, string? Comments, string? Reason)
    : IStrategyCommand<SubmitStrategy>
{
    public static Permission Permission => Permission.SubmitStrategy;

    public void Validate() => new Check().Text("comments", Comments).LifecycleReason(Reason).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, SubmitStrategy command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (!strategy.IsEditable)
            throw new StateConflict("not-a-draft",
                $"Only a draft or returned strategy can be submitted; revision {strategy.Revision} is "
                + $"{StrategyRules.Describe(strategy.Stage)}.")
            { Facts = StrategyRules.StageFacts(strategy) };
        return [new StrategySubmitted(strategy.Revision, strategy.Version, command.Comments, command.Reason!.Trim())];
    }
}

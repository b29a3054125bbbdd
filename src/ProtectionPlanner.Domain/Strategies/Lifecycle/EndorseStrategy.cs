using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>The mission's protection forum endorses a submitted strategy.</summary>
public sealed record EndorseStrategy(Guid StrategyId, string? Comments, string? Reason)
    : IStrategyCommand<EndorseStrategy>
{
    public static Permission Permission => Permission.EndorseStrategy;

    public void Validate() => new Check().Text("comments", Comments).LifecycleReason(Reason).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, EndorseStrategy command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (strategy.Stage != Stage.Submitted)
            throw new StateConflict("not-submitted",
                $"Only a submitted strategy can be endorsed; revision {strategy.Revision} is "
                + $"{StrategyRules.Describe(strategy.Stage)}.")
            { Facts = StrategyRules.StageFacts(strategy) };
        return [new StrategyEndorsed(strategy.Revision, strategy.Version, command.Comments, command.Reason!.Trim())];
    }
}

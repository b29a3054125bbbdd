using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>Headquarters records its review of an approved strategy.</summary>
public sealed record ReviewStrategyAtHq(Guid StrategyId, string? Comments, string? Reason)
    : IStrategyCommand<ReviewStrategyAtHq>
{
    public static Permission Permission => Permission.ReviewStrategyAtHq;

    public void Validate() => new Check().Text("comments", Comments).LifecycleReason(Reason).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, ReviewStrategyAtHq command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (strategy.Stage != Stage.Approved)
            throw new StateConflict("not-approved",
                $"HQ reviews an approved strategy; revision {strategy.Revision} is "
                + $"{StrategyRules.Describe(strategy.Stage)}.")
            { Facts = StrategyRules.StageFacts(strategy) };
        return [new StrategyReviewedAtHq(strategy.Revision, strategy.Version, command.Comments,
            command.Reason!.Trim())];
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>Opens a new revision of an approved (or HQ-reviewed) strategy, as a draft.</summary>
public sealed record OpenRevision(Guid StrategyId, string? Reason) : IStrategyCommand<OpenRevision>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() => new Check().LifecycleReason(Reason).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, OpenRevision command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (strategy.Stage is not (Stage.Approved or Stage.ReviewedAtHq))
            throw new StateConflict("revision-open",
                $"Revision {strategy.Revision} is {StrategyRules.Describe(strategy.Stage)}; a new revision opens "
                + $"from an approved strategy.")
            { Facts = StrategyRules.StageFacts(strategy) };
        return [new RevisionOpened(strategy.Revision + 1, command.Reason!.Trim())];
    }
}

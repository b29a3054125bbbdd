using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>
/// A reviewer sends the strategy back with comments, at their own step: the protection forum a submitted strategy, the
/// Head of Mission an endorsed one, HQ an approved or reviewed one (which opens a new revision, since an approved
/// revision never changes).
/// </summary>
public sealed record ReturnStrategyForRevision(Guid StrategyId, string Comments, string? Reason)
    : IStrategyCommand<ReturnStrategyForRevision>
{
    public static Permission Permission => Permission.ReturnStrategyForRevision;

    public void Validate() =>
        new Check().Required("comments", Comments, Check.LongText).LifecycleReason(Reason).ThrowIfInvalid();

    /// <summary>Who returns a strategy at the stage it is in.</summary>
    public static Role Responsible(Stage stage) => stage switch
    {
        Stage.Submitted => Role.Reviewer,
        Stage.Endorsed => Role.HeadOfMission,
        _ => Role.HqReviewer,
    };

    public static IReadOnlyList<object> Decide(Planning planning, ReturnStrategyForRevision command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        var responsible = strategy.Stage switch
        {
            Stage.Submitted or Stage.Endorsed or Stage.Approved or Stage.ReviewedAtHq => Responsible(strategy.Stage),
            _ => throw new StateConflict("nothing-to-return",
                $"Revision {strategy.Revision} is {StrategyRules.Describe(strategy.Stage)}; there is nothing "
                + $"under review to return.")
                { Facts = StrategyRules.StageFacts(strategy) },
        };
        if (context.ActingAs != responsible)
            throw new StateConflict("not-your-step",
                $"The strategy is {StrategyRules.Describe(strategy.Stage)}: returning it now is for the "
                + $"{responsible}, not the {context.ActingAs}.")
            {
                Facts = ErrorFacts.Of(("stage", strategy.Stage), ("responsible", responsible),
                    ("acting", context.ActingAs)),
            };

        var returned = new StrategyReturnedForRevision(strategy.Revision, strategy.Version, strategy.Stage,
            command.Comments.Trim(), command.Reason!.Trim());
        return responsible == Role.HqReviewer ? [returned, new RevisionOpened(strategy.Revision + 1, "Returned by HQ review")] : [returned];
    }
}

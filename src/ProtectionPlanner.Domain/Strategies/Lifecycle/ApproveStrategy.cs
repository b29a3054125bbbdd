using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>
/// The Head of Mission approves an endorsed strategy. Refused while an activity supporting non-UN security forces lacks
/// a Human Rights Due Diligence assessment, or an activity has no lead component.
/// </summary>
public sealed record ApproveStrategy(Guid StrategyId, string? Comments, string? Reason)
    : IStrategyCommand<ApproveStrategy>
{
    public static Permission Permission => Permission.ApproveStrategy;

    public void Validate() => new Check().Text("comments", Comments).LifecycleReason(Reason).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, ApproveStrategy command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (strategy.Stage != Stage.Endorsed)
            throw new StateConflict("not-endorsed",
                $"Only an endorsed strategy can be approved; revision {strategy.Revision} is "
                + $"{StrategyRules.Describe(strategy.Stage)}.")
            { Facts = StrategyRules.StageFacts(strategy) };

        var active = strategy.Activities.Where(a => a.Details.IsActive).ToList();
        var problems = active
            .Where(a => a.Details.SupportedSecurityForce is not null && strategy.DueDiligenceOf(a.Id) is null)
            .Select(a => $"Activity {a.Code} '{a.Details.Title}' supports {a.Details.SupportedSecurityForce} but has no Human Rights Due Diligence assessment.")
            .Concat(active.Where(a => strategy.Lead(a.Id) is null).Select(a => $"Activity {a.Code} '{a.Details.Title}' has no lead component."))
            .Concat(active.Where(a => strategy.Assignments.Any(s => s.ActivityId == a.Id && planning.Mission.Component(s.ComponentId) is null))
                .Select(a => $"Activity {a.Code} '{a.Details.Title}' is assigned a component the mission no longer has."))
            .ToList();
        if (problems.Count > 0)
            throw new RuleViolated("approval-blocked",
                $"The strategy cannot be approved: {problems.Count} problem(s) remain.", problems)
            { Facts = ErrorFacts.Of(("count", problems.Count)) };
        return [new StrategyApproved(strategy.Revision, strategy.Version, command.Comments, command.Reason!.Trim())];
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Activities;

/// <summary>
/// Records (or updates) the Human Rights Due Diligence Policy risk assessment of an activity's support to a non-UN
/// security force. <see cref="ItemVersion"/> is the current assessment's version, or null for the first one.
/// </summary>
public sealed record AssessDueDiligence(Guid StrategyId, Guid ActivityId, long? ItemVersion, DueDiligenceAssessment Assessment)
    : IStrategyCommand<AssessDueDiligence>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().Required("assessment", Assessment);
        if (Assessment is not null)
            check.Required("assessment.supportedForce", Assessment.SupportedForce).Defined("assessment.risk", Assessment.Risk)
                .Required("assessment.risksIdentified", Assessment.RisksIdentified, Check.LongText).Text("assessment.mitigations", Assessment.Mitigations)
                .Defined("assessment.conclusion", Assessment.Conclusion)
                .That(Assessment.Conclusion != DueDiligenceConclusion.ProceedWithMitigation || !string.IsNullOrWhiteSpace(Assessment.Mitigations),
                    "assessment.mitigations", "are required when support proceeds with mitigation.");
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, AssessDueDiligence command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        if (activity.Details.SupportedSecurityForce is null)
            throw new StateConflict("no-support-to-assess",
                $"Activity {activity.Code} supports no non-UN security force; set the force it supports first.")
            { Facts = ErrorFacts.Of(("activity", activity.Code)) };
        var current = strategy.DueDiligenceOf(activity.Id);
        if (current is not null && command.ItemVersion != current.Stamp.Version)
            throw new ItemConflict("Due diligence assessment", activity.Code!, command.ItemVersion ?? 0, current.Stamp, current);
        if (current is null && command.ItemVersion is not null)
            throw new NotFound("Due diligence assessment", activity.Code!);
        return current is not null && StrategyRules.Same(current.Assessment, command.Assessment)
            ? []
            : [new DueDiligenceAssessed(activity.Id, command.Assessment)];
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Improvements;

/// <summary>
/// Moves an adopted improvement to open, in progress, done or dropped, against the version it was seen at. Dropping
/// one says why: the exercise that found it is owed an answer.
/// </summary>
public sealed record ChangeImprovementStatus(
    Guid StrategyId, Guid ImprovementId, long ItemVersion, ImprovementStatus Status, string? Reason)
    : IStrategyCommand<ChangeImprovementStatus>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().Defined("status", Status).Text("reason", Reason, StrategyRules.ReasonLength);
        if (Status == ImprovementStatus.Dropped && string.IsNullOrWhiteSpace(Reason))
            check.Add("reason", "is required when an improvement is dropped.");
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(
        Planning planning, ChangeImprovementStatus command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var improvement = StrategyRules.RequireImprovement(strategy, command.ImprovementId);
        StrategyRules.Expect(
            "Improvement", $"'{improvement.Name}'", command.ItemVersion, improvement.Stamp, improvement);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        return improvement.Status == command.Status && improvement.Reason == reason
            ? []
            : [new ImprovementStatusChanged(improvement.Id, command.Status, reason)];
    }
}

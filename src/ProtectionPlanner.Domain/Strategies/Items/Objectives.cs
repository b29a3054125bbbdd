using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Items;

internal static class ObjectiveChecks
{
    public static void Check(Check check, ObjectiveDetails? details)
    {
        check.Required("details", details);
        if (details is null) return;
        check.Required("details.title", details.Title).Text("details.description", details.Description)
            .List("details.indicators", details.Indicators, each: (c, path, indicator) =>
                c.Required($"{path}.description", indicator.Description).Defined($"{path}.kind", indicator.Kind)
                    .Text($"{path}.baseline", indicator.Baseline, Common.Check.ShortText)
                    .Text($"{path}.target", indicator.Target, Common.Check.ShortText)
                    .Text($"{path}.resultsFrameworkLink", indicator.ResultsFrameworkLink, Common.Check.ShortText));
    }
}

/// <summary>Adds a priority objective with its indicators; it gets the next code (O-1, O-2, ...).</summary>
public sealed record AddObjective(Guid StrategyId, Guid ObjectiveId, ObjectiveDetails Details) : IStrategyCommand<AddObjective>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("objectiveId", ObjectiveId);
        ObjectiveChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, AddObjective command, DecisionContext context) =>
        ItemDecisions.Add(planning, s => s.Objectives, "Objective", command.ObjectiveId,
            new ObjectiveAdded(command.ObjectiveId, $"O-{planning.Strategy.ObjectivesAdded + 1}", command.Details));
}

public sealed record ReviseObjective(Guid StrategyId, Guid ObjectiveId, long ItemVersion, ObjectiveDetails Details) : IStrategyCommand<ReviseObjective>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        ObjectiveChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReviseObjective command, DecisionContext context) =>
        ItemDecisions.Revise(planning, s => s.Objectives, "Objective", command.ObjectiveId, command.ItemVersion, command.Details,
            new ObjectiveRevised(command.ObjectiveId, command.Details));
}

/// <summary>Removes an objective; activities pursuing it keep their other links.</summary>
public sealed record RemoveObjective(Guid StrategyId, Guid ObjectiveId, long ItemVersion) : IStrategyCommand<RemoveObjective>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, RemoveObjective command, DecisionContext context)
    {
        StrategyRules.Editable(planning);
        var pursuing = planning.Strategy.Activities.Where(a => a.Details.ObjectiveId == command.ObjectiveId).Select(a => a.Code!).ToList();
        if (pursuing.Count > 0)
            throw new StateConflict("objective-in-use",
                $"Activities {string.Join(", ", pursuing)} pursue this objective; change them first.")
            { Facts = ErrorFacts.Of(("activities", string.Join(", ", pursuing))) };
        return ItemDecisions.Remove(planning, s => s.Objectives, "Objective", command.ObjectiveId, command.ItemVersion, new ObjectiveRemoved(command.ObjectiveId));
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Items;

internal static class CoordinationChecks
{
    public static void Check(Check check, ForumDetails? details)
    {
        check.Required("details", details);
        if (details is null) return;
        check.Required("details.name", details.Name).Defined("details.level", details.Level).Text("details.chair", details.Chair, Common.Check.ShortText)
            .List("details.members", details.Members, each: (c, path, member) => c.Required(path, member))
            .Text("details.meetingFrequency", details.MeetingFrequency, Common.Check.ShortText).Text("details.termsOfReference", details.TermsOfReference);
    }

    public static void Check(Check check, EarlyWarningDetails? details)
    {
        check.Required("details", details);
        if (details is null) return;
        check.Required("details.name", details.Name).Defined("details.kind", details.Kind).Text("details.coverage", details.Coverage)
            .Required("details.areaIds", details.AreaIds).List("details.areaIds", details.AreaIds)
            .List("details.alertPath", details.AlertPath, each: (c, path, step) =>
                c.Defined($"{path}.step", step.Step).Required($"{path}.responsible", step.Responsible).Text($"{path}.timeTarget", step.TimeTarget, Common.Check.ShortText));
    }

    public static void CheckAreas(Planning planning, EarlyWarningDetails details)
    {
        foreach (var area in details.AreaIds) StrategyRules.RequireArea(planning.Mission, area, "details.areaIds");
    }
}

/// <summary>Establishes a coordination forum (Senior Management Group on Protection, POC working group, field-level group).</summary>
public sealed record EstablishForum(Guid StrategyId, Guid ForumId, ForumDetails Details) : IStrategyCommand<EstablishForum>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("forumId", ForumId);
        CoordinationChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, EstablishForum command, DecisionContext context) =>
        ItemDecisions.Add(planning, s => s.Fora, "Forum", command.ForumId, new ForumEstablished(command.ForumId, command.Details));
}

public sealed record ReviseForum(Guid StrategyId, Guid ForumId, long ItemVersion, ForumDetails Details) : IStrategyCommand<ReviseForum>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        CoordinationChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReviseForum command, DecisionContext context) =>
        ItemDecisions.Revise(planning, s => s.Fora, "Forum", command.ForumId, command.ItemVersion, command.Details, new ForumRevised(command.ForumId, command.Details));
}

public sealed record DissolveForum(Guid StrategyId, Guid ForumId, long ItemVersion) : IStrategyCommand<DissolveForum>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, DissolveForum command, DecisionContext context) =>
        ItemDecisions.Remove(planning, s => s.Fora, "Forum", command.ForumId, command.ItemVersion, new ForumDissolved(command.ForumId));
}

/// <summary>Defines an early-warning / rapid-response arrangement and the path of an alert through it.</summary>
public sealed record DefineEarlyWarningArrangement(Guid StrategyId, Guid ArrangementId, EarlyWarningDetails Details) : IStrategyCommand<DefineEarlyWarningArrangement>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("arrangementId", ArrangementId);
        CoordinationChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, DefineEarlyWarningArrangement command, DecisionContext context)
    {
        StrategyRules.Editable(planning);
        CoordinationChecks.CheckAreas(planning, command.Details);
        return ItemDecisions.Add(planning, s => s.EarlyWarning, "Early-warning arrangement", command.ArrangementId,
            new EarlyWarningArrangementDefined(command.ArrangementId, command.Details));
    }
}

public sealed record ReviseEarlyWarningArrangement(Guid StrategyId, Guid ArrangementId, long ItemVersion, EarlyWarningDetails Details)
    : IStrategyCommand<ReviseEarlyWarningArrangement>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        CoordinationChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReviseEarlyWarningArrangement command, DecisionContext context)
    {
        StrategyRules.Editable(planning);
        CoordinationChecks.CheckAreas(planning, command.Details);
        return ItemDecisions.Revise(planning, s => s.EarlyWarning, "Early-warning arrangement", command.ArrangementId, command.ItemVersion, command.Details,
            new EarlyWarningArrangementRevised(command.ArrangementId, command.Details));
    }
}

public sealed record RetireEarlyWarningArrangement(Guid StrategyId, Guid ArrangementId, long ItemVersion) : IStrategyCommand<RetireEarlyWarningArrangement>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, RetireEarlyWarningArrangement command, DecisionContext context) =>
        ItemDecisions.Remove(planning, s => s.EarlyWarning, "Early-warning arrangement", command.ArrangementId, command.ItemVersion,
            new EarlyWarningArrangementRetired(command.ArrangementId));
}

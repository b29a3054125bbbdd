using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Threats;

/// <summary>Changes a threat's assessment (likelihood, impact, trend, priority, ...), against the version it was made on.</summary>
public sealed record ReassessThreat(Guid StrategyId, Guid ThreatId, long ItemVersion, ThreatAssessment Assessment) : IStrategyCommand<ReassessThreat>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        StrategyRules.Check(check, "assessment", Assessment);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReassessThreat command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var threat = strategy.Threat(command.ThreatId) ?? throw new NotFound("Threat", command.ThreatId.ToString());
        StrategyRules.Expect("Threat", threat.Code, command.ItemVersion, threat.Stamp, threat);
        if (threat.Status == ThreatStatus.Closed) throw new StateConflict("threat-closed",
            $"Threat {threat.Code} is closed; reopen it to reassess it.")
            { Facts = ErrorFacts.Of(("threat", threat.Code)) };
        StrategyRules.RequireArea(planning.Mission, command.Assessment.AreaId, "assessment.areaId");
        return StrategyRules.Same(threat.Assessment, command.Assessment) ? [] : [new ThreatReassessed(threat.Id, command.Assessment)];
    }
}

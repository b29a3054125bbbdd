using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Threats;

/// <summary>Adds a threat to the threat matrix; it gets the next code (T-01, T-02, ...).</summary>
public sealed record IdentifyThreat(Guid StrategyId, Guid ThreatId, ThreatAssessment Assessment) : IStrategyCommand<IdentifyThreat>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("threatId", ThreatId);
        StrategyRules.Check(check, "assessment", Assessment);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, IdentifyThreat command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        if (strategy.Threat(command.ThreatId) is not null) throw new StateConflict("threat-exists", $"Threat {command.ThreatId} already exists.");
        StrategyRules.RequireArea(planning.Mission, command.Assessment.AreaId, "assessment.areaId");
        return [new ThreatIdentified(command.ThreatId, $"T-{strategy.ThreatsIdentified + 1:00}", command.Assessment)];
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Threats;

/// <summary>Closes a threat no longer judged a source of harm; it stays in the record.</summary>
public sealed record CloseThreat(Guid StrategyId, Guid ThreatId, long ItemVersion, string Reason) : IStrategyCommand<CloseThreat>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() => new Check().Required("reason", Reason, Check.LongText).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, CloseThreat command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var threat = strategy.Threat(command.ThreatId) ?? throw new NotFound("Threat", command.ThreatId.ToString());
        StrategyRules.Expect("Threat", threat.Code, command.ItemVersion, threat.Stamp, threat);
        return threat.Status == ThreatStatus.Closed ? [] : [new ThreatClosed(threat.Id, command.Reason.Trim())];
    }
}

/// <summary>Reopens a closed threat, for example when it re-emerges.</summary>
public sealed record ReopenThreat(Guid StrategyId, Guid ThreatId, long ItemVersion, string Reason) : IStrategyCommand<ReopenThreat>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() => new Check().Required("reason", Reason, Check.LongText).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, ReopenThreat command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var threat = strategy.Threat(command.ThreatId) ?? throw new NotFound("Threat", command.ThreatId.ToString());
        StrategyRules.Expect("Threat", threat.Code, command.ItemVersion, threat.Stamp, threat);
        return threat.Status == ThreatStatus.Open ? [] : [new ThreatReopened(threat.Id, command.Reason.Trim())];
    }
}

using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Server.Live;

/// <summary>Where a mission's strategy stands, for the dashboard and the HQ portfolio.</summary>
public sealed record StrategySummary(
    Guid Id, string Title, Stage Stage, int Revision, long StreamVersion, long ViewVersion,
    int Threats, int OpenThreats, int Activities, int Blocking, int Warnings)
{
    public static StrategySummary Of(PlanView view) => new(
        view.StrategyId, view.Title, view.Stage, view.Revision, view.StreamVersion, view.ViewVersion,
        view.Threats.Count, view.Threats.Count(t => t.Status == ThreatStatus.Open), view.Activities.Count,
        view.Coherence.Findings.Count(f => f.Severity == Severity.Blocking), view.Coherence.Findings.Count(f => f.Severity == Severity.Warning));
}

/// <summary>The last change to a mission or its strategy: when, by whom, and which event.</summary>
public sealed record LastChange(DateTimeOffset At, string By, string What);

/// <summary>A mission at a glance: profile, components and capacity, members, its strategy, and component workload.</summary>
public sealed record MissionDashboard(
    Guid MissionId, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate, long Version,
    IReadOnlyList<AreaOfOperation> Areas, IReadOnlyList<Component> Components, IReadOnlyList<Partner> Partners, IReadOnlyList<Member> Members,
    StrategySummary? Strategy, IReadOnlyList<ComponentWorkload> Workload, LastChange? LastChange)
{
    /// <summary>The mandate's version (If-Match of its edit) and who changed it last, as the mission page shows it.
    /// Not positional, so that a dashboard stored before it reads as unknown.</summary>
    public Domain.Common.ItemStamp? MandateStamp { get; init; }

    public static MissionDashboard Of(Mission mission, PlanView? strategy, LastChange? lastChange) => new(
        mission.Id, mission.Name, mission.Acronym, mission.Kind, mission.HostState, mission.Mandate, mission.Version,
        mission.Areas, mission.Components, mission.Partners, mission.Members,
        strategy is null ? null : StrategySummary.Of(strategy),
        strategy?.Coherence.Workload
            ?? Coherence.Analyse(Domain.Strategies.Strategy.None, mission, DateOnly.MinValue).Workload,
        lastChange)
    {
        MandateStamp = mission.MandateStamp,
    };
}

/// <summary>A mission in the HQ portfolio: the dashboard without its lists.</summary>
public sealed record PortfolioEntry(
    Guid MissionId, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate, StrategySummary? Strategy, LastChange? LastChange)
{
    public static PortfolioEntry Of(MissionDashboard d) => new(d.MissionId, d.Name, d.Acronym, d.Kind, d.HostState, d.Mandate, d.Strategy, d.LastChange);
}

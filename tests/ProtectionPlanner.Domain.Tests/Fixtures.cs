using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Domain.Tests;

/// <summary>Events and values that set up the usual states, named by what they set up.</summary>
public static class Fixtures
{
    public static readonly Guid MissionId = new("11111111-1111-1111-1111-111111111111");
    public static readonly Guid StrategyId = Ids.StrategyOf(MissionId);
    public static readonly Guid Military = new("22222222-0000-0000-0000-000000000001");
    public static readonly Guid Police = new("22222222-0000-0000-0000-000000000002");
    public static readonly Guid CivilAffairs = new("22222222-0000-0000-0000-000000000003");
    public static readonly Guid Unity = new("33333333-0000-0000-0000-000000000001");
    public static readonly Guid HostStatePolice = new("44444444-0000-0000-0000-000000000001");
    public static readonly Guid Unicef = new("44444444-0000-0000-0000-000000000002");
    public static readonly Guid CivilSociety = new("44444444-0000-0000-0000-000000000003");

    public static readonly Mandate Mandate = new("S/RES/2677 (2023)", new DateOnly(2023, 5, 1), new DateOnly(2024, 4, 30), true,
        "to use all necessary means ... without prejudice to the primary responsibility of the host state");

    /// <summary>A registered PKO with military, police and civil affairs components, an area, and partners.</summary>
    public static object[] RegisteredMission() =>
    [
        new MissionRegistered(MissionId, "United Nations Demonstration Mission", "UNDM", MissionKind.Pko, "Republic of Demo", Mandate),
        new AreaOfOperationAdded(Unity, "Unity", "Bentiu and surroundings"),
        new ComponentAdded(Military, ComponentKind.Military, "Force", new Capacity(1200, [new Asset("helicopter", 4)])),
        new ComponentAdded(Police, ComponentKind.Police, "UNPOL", new Capacity(300, [])),
        new ComponentAdded(CivilAffairs, ComponentKind.CivilAffairs, "Civil Affairs", new Capacity(40, [])),
        new PartnerAdded(HostStatePolice, PartnerKind.HostStateSecurityForces, "National Police Service", null),
        new PartnerAdded(Unicef, PartnerKind.UnCountryTeamAgency, "UNICEF", null),
        new PartnerAdded(CivilSociety, PartnerKind.CivilSociety, "Women's Protection Network", null),
    ];

    public static object[] DraftStrategy() => [new StrategyDrafted(StrategyId, MissionId, "Mission-wide POC strategy 2024")];

    public static ThreatAssessment MarketAttack(int likelihood = 3, int impact = 4, Level priority = Level.High) => new(
        "Armed group attacks on Bentiu market", "Raids on market days", ThreatCategory.ArmedGroupAttack,
        new Perpetrator("Armed group X", "Loot and intimidate", "Small arms, motorbikes"),
        new CiviliansAtRisk("Traders and shoppers", "Women and men, all ages", Displacement.Mixed),
        "Bentiu market", Unity, "Market days, dry season", likelihood, impact, Trend.Escalating,
        HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["UNICEF"], priority, new DateOnly(2024, 1, 15), "JMAC report 12", Level.Medium);

    public static ActivityDetails Patrols(IReadOnlyList<Guid> threats, ActivityStatus status = ActivityStatus.Planned, string? supportedForce = null) => new(
        "Market-day patrols", "Foot and vehicle patrols on market days", null, threats, Tier.PhysicalProtection, Phase.PreEmption,
        "Bentiu market", Unity, new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30), "Patrols conducted / planned", status, supportedForce);

    public static Commitment People(int personnel, params Asset[] assets) => new(personnel, assets);

    /// <summary>A registered mission whose strategy is a fresh draft (strategy version 1).</summary>
    public static Specification StrategyInDraft() => new Specification().GivenMission(RegisteredMission()).Given(DraftStrategy());

    /// <summary>The lifecycle events that take a draft of revision 1 to <paramref name="stage"/> (Evolve reads only their type).</summary>
    public static object[] ReviewedUpTo(Stage stage) => stage switch
    {
        Stage.Submitted => [new StrategySubmitted(1, 1)],
        Stage.Endorsed => [new StrategySubmitted(1, 1), new StrategyEndorsed(1, 2, null)],
        Stage.Approved => [new StrategySubmitted(1, 1), new StrategyEndorsed(1, 2, null), new StrategyApproved(1, 3, null)],
        Stage.ReviewedAtHq => [new StrategySubmitted(1, 1), new StrategyEndorsed(1, 2, null), new StrategyApproved(1, 3, null), new StrategyReviewedAtHq(1, 4, null)],
        Stage.ReturnedForRevision => [new StrategySubmitted(1, 1), new StrategyReturnedForRevision(1, 2, Stage.Submitted, "Add early warning")],
        _ => [],
    };

    public static Overview Overview(string purpose = "Protect civilians under threat of physical violence in Unity") =>
        new(purpose, "Mission-wide, all components, 2024", ["Do no harm", "Primacy of the host state's responsibility"]);

    public static ObjectiveDetails Objective(string title = "Civilians in Unity are safer from armed-group attacks") =>
        new(title, "Fewer attacks on markets and roads", [new Indicator("Attacks on civilians reported", IndicatorKind.Quantitative, "-50%", "CPAS 1.2")]);

    public static ForumDetails SeniorManagementGroup(string chair = "SRSG") =>
        new("Senior Management Group on Protection", ForumLevel.Mission, chair, ["DSRSG", "Force Commander", "Police Commissioner"], "Monthly", null);

    public static EarlyWarningDetails CommunityAlertNetwork(params Guid[] areas) =>
        new("Unity community alert network", EarlyWarningKind.CommunityAlertNetwork, "Bentiu and surroundings", areas.Length == 0 ? [Unity] : areas,
            [new AlertPathStep(AlertStep.Received, "Community Liaison Assistant", "1 hour"), new AlertPathStep(AlertStep.Verified, "JOC", "4 hours"),
             new AlertPathStep(AlertStep.Escalated, "POC Unit", null)]);

    public static TensionDecisionDetails SupportToNationalPolice(string decision = "Support with conditions and monitoring") =>
        new(Tension.PrinciplesVsPragmatism, "Do we support the National Police Service despite reported abuses?",
            [new OptionConsidered("Support with conditions", "Keeps access, needs monitoring"), new OptionConsidered("Withhold support", "Leaves a protection gap")],
            decision, "The police are the only security presence in Bentiu at night.", new DateOnly(2024, 2, 1), "SRSG");

    public static HandoverDetails PatrolsHandover(Guid? activityId, Guid? recipient = null, HandoverStatus status = HandoverStatus.Planned) =>
        new("Hand over market patrols", activityId, recipient ?? HostStatePolice, "Joint patrols first, then police-led", new DateOnly(2024, 7, 1),
            new DateOnly(2024, 12, 31), status);

    public static DueDiligenceAssessment DueDiligenceOnPolice(Level risk = Level.Medium) =>
        new("National Police Service", risk, "Reported abuses during 2022 arrests", "Human-rights training; joint monitoring",
            DueDiligenceConclusion.ProceedWithMitigation, new DateOnly(2024, 1, 10));

    /// <summary>Text one character longer than <paramref name="limit"/>.</summary>
    public static string Over(int limit) => new('x', limit + 1);
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Domain.Strategies.Threats;

namespace ProtectionPlanner.Domain.Demo;

/// <summary>
/// UNDMA: a small fictional special political mission without a POC mandate, whose protection strategy rests on good
/// offices, human rights monitoring and women's participation. Its only planner (planner3) has no role in UNMDM.
/// </summary>
internal static class DemoPoliticalMission
{
    public const string Acronym = "UNDMA";

    private const string P3 = "planner3";

    private static Guid Id(string name) => DemoData.Id($"{Acronym}/{name}");

    public static DemoMission Build()
    {
        var missionId = Id("mission");
        var strategyId = Ids.StrategyOf(missionId);
        var script = new DemoScript();

        script.Admin(new RegisterMission(missionId,
            "United Nations Demonstration Assistance Mission in Arandu (demonstration data)", Acronym, MissionKind.Spm, "Republic of Arandu (fictional)",
            new Mandate("S/RES/2998 (2026) (fictional, demonstration)", new DateOnly(2026, 3, 15), new DateOnly(2027, 3, 14), false,
                "To exercise good offices in support of the inclusive political transition and the constitutional referendum; to monitor, investigate and report on human rights violations; " +
                "and to support the Government and civil society in creating an environment protective of civilians, including women and children, within existing resources and " +
                "without prejudice to the primary responsibility of the Government of Arandu to protect its population.")));
        script.Admin(new AssignMember(missionId, "planner3", Role.Planner, null));

        var capital = Id("area/capital");
        var north = Id("area/north");
        script.Planner(P3, new AddAreaOfOperation(missionId, capital, "Capital district (Port Maren)",
            "Seat of the transitional government and of the mission headquarters; opposition strongholds in the Old Harbour and Kisani neighbourhoods."));
        script.Planner(P3, new AddAreaOfOperation(missionId, north, "Northern provinces (Koro and Tessa)",
            "Drought-hit pastoral provinces with 85,000 displaced people in six camps; mission liaison office in Koro."));

        var leadership = Id("component/leadership");
        var politicalAffairs = Id("component/political-affairs");
        var humanRights = Id("component/human-rights");
        var gender = Id("component/gender");
        script.Planner(P3, new AddComponent(missionId, leadership, ComponentKind.MissionLeadership, "Office of the SRSG", new Capacity(6, [])));
        script.Planner(P3, new AddComponent(missionId, politicalAffairs, ComponentKind.PoliticalAffairs, "Political Affairs and Mediation Unit", new Capacity(14, [])));
        script.Planner(P3, new AddComponent(missionId, humanRights, ComponentKind.HumanRights, "Human Rights Service (OHCHR-integrated)",
            new Capacity(18, [new Asset("Field vehicle", 4)])));
        script.Planner(P3, new AddComponent(missionId, gender, ComponentKind.GenderAndWomenProtection, "Gender Adviser and Women Protection Adviser", new Capacity(3, [])));

        var unWomen = Id("partner/un-women");
        var police = Id("partner/national-police");
        var justice = Id("partner/ministry-of-justice");
        var mediators = Id("partner/women-mediators");
        script.Planner(P3, new AddPartner(missionId, unWomen, PartnerKind.UnCountryTeamAgency, "UN Women",
            "Funds the women mediators' network and the gender desk of the electoral commission."));
        script.Planner(P3, new AddPartner(missionId, police, PartnerKind.HostStateSecurityForces, "Arandu National Police",
            "Responsible for public order during the referendum; its rapid intervention unit is implicated in arbitrary arrests."));
        script.Planner(P3, new AddPartner(missionId, justice, PartnerKind.HostStateAuthority, "Ministry of Justice and Human Rights",
            "Oversees prisons and the prosecution service; counterpart for detention monitoring."));
        script.Planner(P3, new AddPartner(missionId, mediators, PartnerKind.CivilSociety, "Arandu Women Mediators' Network",
            "120 trained women mediators in the capital and the northern provinces."));

        script.Planner(P3, new DraftStrategy(missionId, "UNDMA protection strategy for the referendum period 2026-2027"));
        script.Planner(P3, new UpdateOverview(strategyId, 0, new Overview(
            "Sets out how UNDMA, without a protection-of-civilians mandate or uniformed personnel, uses good offices, human rights monitoring and support to women mediators " +
            "to reduce the risk of violence against civilians around the constitutional referendum of February 2027.",
            "Capital district and the northern provinces; threats of physical violence linked to the referendum and to displacement. Physical protection rests with the Government.",
            [
                "Primary responsibility of the Government: the mission advises, monitors and advocates; it has no means to protect physically.",
                "Do no harm: sources and survivors are protected; engagement never exposes them to reprisals.",
                "Women's participation is part of protection, not an add-on.",
            ])));
        var objective = Id("objective/referendum");
        script.Planner(P3, new AddObjective(strategyId, objective, new ObjectiveDetails(
            "Reduce violence against civilians around the constitutional referendum",
            "Through agreements between political actors, scrutiny of the security forces, and women mediators in the communities most at risk.",
            [
                new Indicator("Parties signing and observing the referendum code of conduct", IndicatorKind.Quantitative, "All 9 registered parties", null),
                new Indicator("Arbitrary detentions verified by the Human Rights Service during the referendum period", IndicatorKind.Quantitative, "Under 155 (half the 310 verified in the 2024 elections)", null),
            ])));

        var t1 = Id("threat/party-youth");
        var t2 = Id("threat/police-detention");
        var t3 = Id("threat/camp-sgbv");
        script.Planner(P3, new IdentifyThreat(strategyId, t1, new ThreatAssessment(
            "Clashes between party youth wings during the referendum campaign",
            "Youth wings of the ruling party and of the 'No' campaign attack each other's rallies and canvassers; in the 2024 elections 14 people died in the capital.",
            ThreatCategory.Other,
            new Perpetrator("Youth wings of the main political parties", "Intimidate opponents' supporters and disrupt rallies.", "Groups of 50-200 with clubs and machetes; some firearms."),
            new CiviliansAtRisk("Residents of Old Harbour and Kisani; campaign volunteers", "Young men 16-30; women canvassers harassed", Displacement.NotDisplaced),
            "Old Harbour and Kisani, Port Maren", capital, "Campaign period, December 2026 to February 2027", 4, 3, Trend.Escalating,
            HostStateCapacity.Moderate, HostStateWillingness.Ambivalent, ["Arandu Women Mediators' Network", "Inter-religious council"],
            Level.High, new DateOnly(2026, 12, 15), "Political Affairs; Human Rights Service; media monitoring", Level.Medium)));
        script.Planner(P3, new IdentifyThreat(strategyId, t2, new ThreatAssessment(
            "Arbitrary arrests and ill-treatment of opposition supporters by the police rapid intervention unit",
            "During demonstrations the rapid intervention unit arrests opposition supporters en masse and holds them in unofficial places of detention; beatings reported in most cases.",
            ThreatCategory.ViolenceByStateActors,
            new Perpetrator("Arandu National Police, rapid intervention unit", "Suppress opposition mobilisation.", "About 1,500 officers with riot gear and vehicles; control of detention."),
            new CiviliansAtRisk("Opposition supporters, journalists, bystanders", "Mostly men 18-40", Displacement.NotDisplaced),
            "Port Maren", capital, "Demonstrations and referendum day", 3, 4, Trend.Stable,
            HostStateCapacity.Strong, HostStateWillingness.HostStateIsPerpetrator, ["ICRC (detention visits)", "National Human Rights Commission"],
            Level.High, new DateOnly(2027, 1, 10), "Human Rights Service detention monitoring", Level.High)));
        script.Planner(P3, new IdentifyThreat(strategyId, t3, new ThreatAssessment(
            "Sexual violence against displaced women and girls around the Koro camps",
            "Women and girls are attacked by armed herders and bandits when collecting water and firewood outside the camps.",
            ThreatCategory.ConflictRelatedSexualViolence,
            new Perpetrator("Armed herders and bandit groups", "Opportunistic; intimidation of displaced communities competing for pasture and water.", "Small armed groups on motorbikes and camels."),
            new CiviliansAtRisk("Displaced women and girls in the Koro camps", "Women and girls 12-45", Displacement.Displaced),
            "Koro camps and water points", north, "Dry season, January to May", 3, 4, Trend.Stable,
            HostStateCapacity.Limited, HostStateWillingness.Willing, ["UNFPA and GBV partners", "Camp management"],
            Level.Medium, new DateOnly(2027, 2, 1), "Women Protection Adviser; GBV partners (anonymised data)", Level.Low)));

        script.Planner(P3, new PlanActivity(strategyId, Id("activity/code-of-conduct"), new ActivityDetails(
            "Good offices for a referendum code of conduct and a party liaison mechanism",
            "SRSG convenes party leaders to sign a code of conduct with a joint liaison committee that meets within 24 hours of any clash.",
            objective, [t1], Tier.Dialogue, Phase.Prevention, "Port Maren", capital, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28),
            "Parties signing; clashes referred to the liaison committee", ActivityStatus.Ongoing, null)));
        script.Planner(P3, new AssignLeadComponent(strategyId, Id("activity/code-of-conduct"), politicalAffairs, new Commitment(4, []), null));
        script.Planner(P3, new AssignSupportingComponent(strategyId, Id("activity/code-of-conduct"), leadership, new Commitment(1, [])));

        script.Planner(P3, new PlanActivity(strategyId, Id("activity/detention-monitoring"), new ActivityDetails(
            "Detention monitoring and public reporting during the referendum period",
            "Daily visits to police stations in the capital during demonstrations; cases raised with the Minister of Justice within 48 hours; public report after the referendum.",
            objective, [t2], Tier.ProtectiveEnvironment, Phase.Response, "Police stations of Port Maren", capital, new DateOnly(2026, 12, 1), new DateOnly(2027, 3, 14),
            "Detainees visited; releases obtained", ActivityStatus.Planned, null)));
        script.Planner(P3, new AssignLeadComponent(strategyId, Id("activity/detention-monitoring"), humanRights, new Commitment(8, [new Asset("Field vehicle", 2)]), null));

        script.Planner(P3, new PlanActivity(strategyId, Id("activity/women-mediators"), new ActivityDetails(
            "Women mediators and safety audits in the Koro camps",
            "Support the Women Mediators' Network to run safety audits with camp residents and negotiate safe water and firewood times with herders' leaders.",
            objective, [t3], Tier.Dialogue, Phase.PreEmption, "Koro camps", north, new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 14),
            "Audits held; agreements with herders' leaders", ActivityStatus.Planned, null)));
        script.Planner(P3, new AssignLeadComponent(strategyId, Id("activity/women-mediators"), gender, new Commitment(2, []), null));

        return new DemoMission(missionId, Acronym, script.Steps);
    }
}

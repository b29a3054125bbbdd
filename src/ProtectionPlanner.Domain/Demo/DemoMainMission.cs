using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Domain.Strategies.Partners;
using ProtectionPlanner.Domain.Strategies.Threats;

namespace ProtectionPlanner.Domain.Demo;

/// <summary>
/// UNMDM: a fictional multidimensional peacekeeping operation in a fictional host state (the Republic of the Sudd) with
/// South Sudan-like geography. Its draft POC strategy is deliberately imperfect so every view has something to show:
/// a priority threat without an activity (T-10), an activity without a lead, support to a non-UN force without a
/// due-diligence assessment, and a Force committed beyond its helicopters.
/// </summary>
internal static class DemoMainMission
{
    public const string Acronym = "UNMDM";

    private const string P1 = "planner1";
    private const string P2 = "planner2";

    // Asset names: commitments count against a component's capacity by name, so they are spelled once here.
    private const string Helicopter = "Mi-17 utility helicopter";
    private const string Apc = "Armoured personnel carrier";
    private const string Boat = "Riverine patrol boat";
    private const string Mpv = "Mine-protected vehicle";
    private const string FpuApc = "FPU armoured personnel carrier";
    private const string Transmitter = "FM transmitter (Radio Amani)";

    private const string Name = "United Nations Multidimensional Demonstration Mission in the Sudd (demonstration data)";

    private static readonly DateOnly Day0 = new(2026, 5, 1);

    /// <summary>The mission's steps; another acronym and name give the same scenario with ids of its own (the generated
    /// missions of a large demo).</summary>
    public static DemoMission Build(string acronym = Acronym, string name = Name)
    {
        Guid Id(string item) => DemoData.Id($"{acronym}/{item}");
        var missionId = Id("mission");
        var strategyId = Ids.StrategyOf(missionId);
        var script = new DemoScript();

        // ---------------------------------------------------------------- mission, members
        script.Admin(new RegisterMission(missionId, name, acronym, MissionKind.Pko,
            "Republic of the Sudd (fictional)",
            new Mandate("S/RES/2999 (2026) (fictional, demonstration)", Day0, new DateOnly(2027, 4, 30), true,
                $"Acting under Chapter VII of the Charter, the Security Council authorizes {acronym} to use all necessary means, within its capabilities and areas of deployment, " +
                "to protect civilians under threat of physical violence, irrespective of the source of such violence, with specific protection for women and children, " +
                "including through the deployment of military and police protection advisers; to deter violence against civilians, including foreign nationals, " +
                "through proactive deployment, active patrolling with particular attention to displaced civilians, including those in protection sites and displacement camps, " +
                "humanitarian personnel and human rights defenders; to maintain public safety and security of and within the UN protection site in Malakal; " +
                "and to exercise good offices, confidence-building and facilitation in support of the protection strategy, " +
                "without prejudice to the primary responsibility of the Government of the Republic of the Sudd to protect civilians.")));
        script.Admin(new AssignMember(missionId, "planner1", Role.Planner, null));
        script.Admin(new AssignMember(missionId, "planner2", Role.Planner, null));
        script.Admin(new AssignMember(missionId, "reviewer1", Role.Reviewer, null));
        script.Admin(new AssignMember(missionId, "hom1", Role.HeadOfMission, null));
        script.Admin(new AssignMember(missionId, "controller1", Role.Controller, null));
        script.Admin(new AssignMember(missionId, "observer1", Role.Observer, null));

        // ---------------------------------------------------------------- areas of operation
        var unity = Id("area/unity");
        var upperNile = Id("area/upper-nile");
        var jonglei = Id("area/jonglei");
        var equatoria = Id("area/central-equatoria");
        script.Planner(P1, new AddAreaOfOperation(missionId, unity, "Sector North: Unity (Bentiu)",
            "Bentiu, Rubkona, Guit, Leer and Mayom counties. Field office and Sector North headquarters in Bentiu; temporary operating bases rotate to Leer and Mayom. " +
            "About 110,000 internally displaced people live in the Bentiu IDP camp (former protection site) and the flood-affected camps around Rubkona."));
        script.Planner(P1, new AddAreaOfOperation(missionId, upperNile, "Sector East: Upper Nile (Malakal)",
            "Malakal town and UN protection site (about 37,000 residents), Nasir and Ulang along the Sobat river, the west bank of the Nile (Kodok, Tonga) and the White Nile corridor to Renk."));
        script.Planner(P2, new AddAreaOfOperation(missionId, jonglei, "Sector Jonglei: Bor and Greater Pibor",
            "Bor South, Twic East, Duk, Akobo and the Greater Pibor Administrative Area. Field office in Bor, company operating base in Pibor; the Bor-Pibor road is impassable May to November."));
        script.Planner(P2, new AddAreaOfOperation(missionId, equatoria, "Sector South: Central Equatoria (Juba)",
            "Juba (mission headquarters, UN House), its informal settlements (Mahad, Gudele, Munuki) and the Yei and Kajo-Keji corridors. Seat of the national institutions and of the electoral commission."));

        // ---------------------------------------------------------------- components
        var force = Id("component/force");
        var unpol = Id("component/unpol");
        var humanRights = Id("component/human-rights");
        var civilAffairs = Id("component/civil-affairs");
        var politicalAffairs = Id("component/political-affairs");
        var gender = Id("component/gender-wpa");
        var childProtection = Id("component/child-protection");
        var publicInformation = Id("component/public-information");
        var jmac = Id("component/jmac");
        var joc = Id("component/joc");
        var pocUnit = Id("component/poc-unit");
        var leadership = Id("component/leadership");
        var ddr = Id("component/ddr");
        script.Planner(P1, new AddComponent(missionId, force, ComponentKind.Military, "Force (Military component)",
            new Capacity(9800, [new Asset(Helicopter, 4), new Asset(Apc, 85), new Asset(Boat, 6), new Asset(Mpv, 12)])));
        script.Planner(P1, new AddComponent(missionId, unpol, ComponentKind.Police, "UN Police (UNPOL, incl. 4 formed police units)",
            new Capacity(1750, [new Asset(FpuApc, 16), new Asset("Police patrol vehicle", 120)])));
        script.Planner(P1, new AddComponent(missionId, humanRights, ComponentKind.HumanRights, "Human Rights Division", new Capacity(95, [new Asset("Field vehicle", 18)])));
        script.Planner(P1, new AddComponent(missionId, civilAffairs, ComponentKind.CivilAffairs, "Civil Affairs Division (incl. 68 Community Liaison Assistants)",
            new Capacity(140, [new Asset("HF radio (community alert network)", 120), new Asset("Field vehicle", 22)])));
        script.Planner(P2, new AddComponent(missionId, politicalAffairs, ComponentKind.PoliticalAffairs, "Political Affairs Division", new Capacity(35, [])));
        script.Planner(P2, new AddComponent(missionId, gender, ComponentKind.GenderAndWomenProtection, "Gender Affairs Unit and Women Protection Advisers",
            new Capacity(16, [])));
        script.Planner(P2, new AddComponent(missionId, childProtection, ComponentKind.ChildProtection, "Child Protection Unit", new Capacity(14, [])));
        script.Planner(P2, new AddComponent(missionId, publicInformation, ComponentKind.PublicInformation, "Strategic Communications and Public Information (Radio Amani)",
            new Capacity(70, [new Asset(Transmitter, 14)])));
        script.Planner(P1, new AddComponent(missionId, jmac, ComponentKind.Jmac, "Joint Mission Analysis Centre (JMAC)", new Capacity(28, [])));
        script.Planner(P1, new AddComponent(missionId, joc, ComponentKind.Joc, "Joint Operations Centre (JOC)", new Capacity(30, [])));
        script.Planner(P1, new AddComponent(missionId, pocUnit, ComponentKind.PocUnit, "Protection of Civilians Unit", new Capacity(7, [])));
        script.Planner(P2, new AddComponent(missionId, leadership, ComponentKind.MissionLeadership, "Office of the SRSG (Mission Leadership)", new Capacity(10, [])));
        script.Planner(P2, new AddComponent(missionId, ddr, ComponentKind.Ddr, "DDR and Community Violence Reduction Section", new Capacity(30, [])));

        // Players name the component they play for, so player1 is assigned once the Force exists.
        script.Admin(new AssignMember(missionId, "player1", Role.Player, force));

        // ---------------------------------------------------------------- partners
        var ohchr = Id("partner/ohchr");
        var unicef = Id("partner/unicef");
        var wfp = Id("partner/wfp");
        var unWomen = Id("partner/un-women");
        var unhcr = Id("partner/unhcr");
        var ocha = Id("partner/ocha");
        var ndf = Id("partner/ndf");
        var nps = Id("partner/nps");
        var unityGovernment = Id("partner/unity-state-government");
        var interior = Id("partner/ministry-of-interior");
        var womenNetwork = Id("partner/women-network");
        var bentiuCpc = Id("partner/bentiu-cpc");
        var malakalCpc = Id("partner/malakal-cpc");
        script.Planner(P2, new AddPartner(missionId, ohchr, PartnerKind.UnCountryTeamAgency, "OHCHR",
            "Integrated with the Human Rights Division; leads accountability advocacy and the technical cooperation programme with the Ministry of Justice."));
        script.Planner(P2, new AddPartner(missionId, unicef, PartnerKind.UnCountryTeamAgency, "UNICEF",
            "Co-chairs the Country Task Force on Monitoring and Reporting (grave violations against children); leads family tracing and reunification and the child protection area of responsibility."));
        script.Planner(P2, new AddPartner(missionId, wfp, PartnerKind.UnCountryTeamAgency, "WFP",
            "Runs food barges on the White Nile (Malakal-Renk) and airdrops to Nasir, Ulang and Pibor; relies on mission escorts on the river."));
        script.Planner(P2, new AddPartner(missionId, unWomen, PartnerKind.UnCountryTeamAgency, "UN Women",
            "Supports women's peace networks and women's participation in local peace conferences and in the electoral process."));
        script.Planner(P1, new AddPartner(missionId, unhcr, PartnerKind.UnCountryTeamAgency, "UNHCR",
            "Protection Cluster lead; camp coordination and camp management in Bentiu with IOM; returns and intentions surveys."));
        script.Planner(P1, new AddPartner(missionId, ocha, PartnerKind.UnCountryTeamAgency, "OCHA",
            "Humanitarian access monitoring and the civil-military coordination forum; hosts the access working group that reports checkpoints and convoy incidents."));
        script.Planner(P1, new AddPartner(missionId, ndf, PartnerKind.HostStateSecurityForces, "National Defence Forces (NDF)",
            "The host state's army (fictional). 4th Division (Unity) and 8th Division (Jonglei). Itself reported as a perpetrator during the forced disarmament campaign in Leer and Mayom."));
        script.Planner(P1, new AddPartner(missionId, nps, PartnerKind.HostStateSecurityForces, "National Police Service (NPS)",
            "The host state's police (fictional). Present in state capitals and some county headquarters; few female officers, no forensic capacity outside Juba."));
        script.Planner(P2, new AddPartner(missionId, unityGovernment, PartnerKind.HostStateAuthority, "Unity State Government (Office of the Governor)",
            "Chairs the state security committee; decides on disarmament operations and on access to Leer and Mayom."));
        script.Planner(P2, new AddPartner(missionId, interior, PartnerKind.HostStateAuthority, "Ministry of Interior",
            "Oversees the National Police Service and the national election security task force."));
        script.Planner(P2, new AddPartner(missionId, womenNetwork, PartnerKind.CivilSociety, "Sudd Women's Peace and Protection Network",
            "National network of women's organisations with members in Bentiu, Malakal and Bor; runs safe spaces and refers survivors of sexual violence."));
        script.Planner(P1, new AddPartner(missionId, bentiuCpc, PartnerKind.CommunityProtectionCommittee, "Bentiu IDP camp community protection committee",
            "Elected block leaders, women's and youth representatives of the Bentiu IDP camp; raise alerts through the Community Liaison Assistants."));
        script.Planner(P1, new AddPartner(missionId, malakalCpc, PartnerKind.CommunityProtectionCommittee, "Malakal protection site community watch groups",
            "Unarmed community watch groups of the Malakal protection site, one per sector, trained by UNPOL; report weapons and tensions at the gates."));

        // ---------------------------------------------------------------- strategy: draft, overview, objectives
        script.Planner(P1, new DraftStrategy(missionId, $"{acronym} mission-wide protection of civilians strategy 2026-2027"));
        script.Planner(P1, new UpdateOverview(strategyId, 0, new Overview(
            $"Sets out how {acronym}, as one mission and with the UN Country Team, will prevent, pre-empt and respond to threats of physical violence against civilians in the Sudd " +
            "for the mandate period from 1 May 2026 to 30 April 2027, and how it will help the Government take up its primary responsibility to protect. " +
            "It ranks the threats the mission can influence, assigns each planned activity one lead component, states what every component commits, " +
            "and records the decisions the Senior Management Group on Protection took where principles, politics and capacity pull apart.",
            "Covers the four sectors (Unity, Upper Nile, Jonglei and Greater Pibor, Central Equatoria) and all mission components; threats of physical violence, " +
            "including conflict-related sexual violence and grave violations against children, by any perpetrator including state actors. " +
            "Humanitarian protection (the Protection Cluster's mandate) is coordinated, not planned, here. " +
            "Priorities for this period: the dry-season cattle-migration cycle in Jonglei (December to April), the forced disarmament campaign in Unity, " +
            "the Malakal protection site, and the general elections scheduled for March 2027.",
            [
                "Primary responsibility of the host state: the mission supports and, where necessary, substitutes for the Government; it does not replace it.",
                "Whole-of-mission: uniformed and civilian components plan together; every activity has exactly one lead and stated commitments.",
                "Protection through dialogue first: engagement and political solutions are preferred; force is used when civilians are under imminent threat.",
                "Do no harm: engagement with communities weighs the risk of retaliation against them; names of sources and survivors are never shared outside the mission.",
                "Human Rights Due Diligence Policy: no support to any non-UN security force before a risk assessment; support stops when grave violations are committed.",
                "Civilian harm mitigation in the mission's own operations: rules of engagement, tactical directives and after-action review of every use of force.",
                "Gender and age sensitivity: threats and responses are analysed for women, men, girls and boys, including persons with disabilities.",
                "Community engagement: communities, including women and youth, take part in identifying threats and in designing their own protection.",
            ])));

        var o1 = Id("objective/deter-violence");
        var o2 = Id("objective/intercommunal");
        var o3 = Id("objective/crsv-children");
        var o4 = Id("objective/host-state");
        var o5 = Id("objective/elections-transition");
        script.Planner(P1, new AddObjective(strategyId, o1, new ObjectiveDetails(
            "Deter and respond to physical violence against civilians in priority hotspots",
            "Physical protection where the threat is highest: Bentiu and Leer, the Malakal protection site, the Bor-Pibor corridor, the White Nile corridor and Juba.",
            [
                new Indicator("Civilian deaths and injuries from armed violence in the four priority hotspots", IndicatorKind.Quantitative,
                    "30% fewer than the 2025-2026 baseline of 412", "CPAS indicator 1.1"),
                new Indicator("Share of verified early-warning alerts acted on within 24 hours", IndicatorKind.Quantitative, "80% or more", "CPAS indicator 1.3"),
                new Indicator("Perception of safety among women in the Bentiu IDP camp and the Malakal protection site (quarterly focus groups)",
                    IndicatorKind.Qualitative, "Improving in three of four quarters", "CPAS indicator 1.4"),
            ])));
        script.Planner(P2, new AddObjective(strategyId, o2, new ObjectiveDetails(
            "Reduce intercommunal violence and abductions through local conflict management",
            "Support traditional and local authorities, women and youth to negotiate cattle-migration routes, return abductees and settle grievances before they turn into revenge attacks.",
            [
                new Indicator("Local peace and cattle-migration agreements still observed six months after signature", IndicatorKind.Quantitative, "4 of 5", "CPAS indicator 2.1"),
                new Indicator("Abducted women and children returned to their families", IndicatorKind.Quantitative, "120", "CPAS indicator 2.2"),
                new Indicator("Women's share of delegates at mission-supported peace conferences", IndicatorKind.Quantitative, "At least 30%", null),
            ])));
        script.Planner(P1, new AddObjective(strategyId, o3, new ObjectiveDetails(
            "Prevent conflict-related sexual violence and grave violations against children, and get survivors to services",
            "Combines physical protection of women and girls at risk, engagement of armed groups on commitments, and referral through the GBV and child protection areas of responsibility.",
            [
                new Indicator("Survivors of sexual violence reported to the mission who reach medical care within 72 hours", IndicatorKind.Quantitative, "70% or more", "CPAS indicator 3.1"),
                new Indicator("Children verified as released by the Northern Liberation Army and handed over to UNICEF", IndicatorKind.Quantitative, "250", "CPAS indicator 3.2"),
                new Indicator("NLA action plan on CRSV and child recruitment signed and its first review held", IndicatorKind.Qualitative, "Signed by March 2027", null),
            ])));
        script.Planner(P2, new AddObjective(strategyId, o4, new ObjectiveDetails(
            "Strengthen the host state's capacity, accountability and will to protect civilians",
            "Police and justice support at state level, accountability for violations by state actors, and good offices so that security operations respect civilians.",
            [
                new Indicator("Cases of violations by state security forces brought before military or mobile courts", IndicatorKind.Quantitative, "25", "CPAS indicator 4.2"),
                new Indicator("Mission support to non-UN security forces preceded by an HRDDP risk assessment", IndicatorKind.Quantitative, "100%", null),
                new Indicator("NPS officers in Unity trained and mentored in SGBV investigation, of whom women", IndicatorKind.Quantitative, "150, of whom 45 women", "CPAS indicator 4.1"),
            ])));
        script.Planner(P1, new AddObjective(strategyId, o5, new ObjectiveDetails(
            "Sustain a protective environment through the elections and the drawdown from Central Equatoria",
            "Counter incitement ahead of the March 2027 elections, prepare for violence in Juba, and hand protection tasks in Central Equatoria over to the Government and the UN Country Team.",
            [
                new Indicator("Hate-speech incidents flagged and answered by counter-messaging within 48 hours", IndicatorKind.Quantitative, "90%", "CPAS indicator 5.1"),
                new Indicator("Tasks in Central Equatoria handed over with a signed transition plan", IndicatorKind.Qualitative, "Both hand-overs signed by April 2027", "CPAS indicator 5.3"),
            ])));

        // ---------------------------------------------------------------- threat matrix
        var t01 = Id("threat/bentiu-market");
        var t02 = Id("threat/crsv-firewood");
        var t03 = Id("threat/cattle-raids");
        var t04 = Id("threat/abductions");
        var t05 = Id("threat/child-recruitment");
        var t06 = Id("threat/ndf-disarmament");
        var t07 = Id("threat/nss-detention");
        var t08 = Id("threat/hate-speech");
        var t09 = Id("threat/explosive-hazards");
        var t10 = Id("threat/health-care");
        var t11 = Id("threat/river-access");
        var t12 = Id("threat/malakal-site");
        var t13 = Id("threat/west-bank");
        var t14 = Id("threat/mob-violence");
        var t15 = Id("threat/juba-fighting");

        script.Planner(P1, new IdentifyThreat(strategyId, t01, new ThreatAssessment(
            "Armed group attacks on Bentiu market",
            "Fighters of the NLA Mayom faction raid Bentiu and Rubkona markets on market days, loot shops, shoot at traders who resist and take goods and motorbikes. " +
            "Three raids since August 2026 killed 9 civilians and wounded 23; traders from other communities are singled out.",
            ThreatCategory.ArmedGroupAttack,
            new Perpetrator("Northern Liberation Army (NLA), Mayom faction (fictional)",
                "Supply and finance the faction ahead of the dry season; punish traders seen as supporting the Government.",
                "Groups of 20-40 fighters on motorbikes and pick-ups with AK-pattern rifles and PKM machine guns; good knowledge of town; informants in the market."),
            new CiviliansAtRisk("Traders, market porters and shoppers, including camp residents who trade in town", "Women and men 15-60; women traders over-represented", Displacement.Mixed),
            "Bentiu and Rubkona markets", unity, "Market days (Tuesday, Friday), dry season November to April", 4, 4, Trend.Escalating,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["National Police Service, Bentiu", "Bentiu IDP camp community protection committee"],
            Level.High, new DateOnly(2026, 12, 15), "JMAC weekly threat assessment 2026-W44; CLA alerts from Rubkona; HRD incident database (3 verified incidents)", Level.High)));
        script.Planner(P2, new IdentifyThreat(strategyId, t02, new ThreatAssessment(
            "Sexual violence against women and girls collecting firewood outside the Bentiu IDP camp",
            "Women and girls leaving the camp at dawn to collect firewood and water along the Rubkona and Nhialdiu roads are raped or sexually assaulted, often by groups of armed men. " +
            "47 cases reported to GBV service providers in July-October 2026; under-reporting is high.",
            ThreatCategory.ConflictRelatedSexualViolence,
            new Perpetrator("Armed men: NLA fighters and unidentified men in NDF uniform",
                "Opportunistic and punitive: sexual violence used to humiliate communities seen as aligned with the other side.",
                "Small armed groups moving on foot in the bush 2-8 km from the camp perimeter; no fixed positions."),
            new CiviliansAtRisk("Women and girls living in the Bentiu IDP camp", "Women and girls 12-45; female-headed households most exposed", Displacement.Displaced),
            "Firewood and water routes within 8 km of the Bentiu IDP camp", unity, "Daily 05:00-10:00; peaks in the dry season when firewood is scarce", 5, 4, Trend.Stable,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["UNFPA-led GBV area of responsibility", "Sudd Women's Peace and Protection Network", "UNHCR and IOM (camp management)"],
            Level.High, new DateOnly(2026, 12, 1), "GBVIMS trend data (anonymised, via UNFPA); Women Protection Adviser consultations; HRD", Level.Medium)));
        script.Planner(P1, new IdentifyThreat(strategyId, t03, new ThreatAssessment(
            "Cattle raids and revenge attacks between Bor South, Twic East and Greater Pibor",
            "Dry-season cattle movements lead to raids, and every raid to revenge mobilisation of thousands of armed youth. In February 2026 a mobilisation of some 3,000 youth " +
            "towards Pibor killed 63 civilians and displaced 11,000. Local leaders report renewed mobilisation talk.",
            ThreatCategory.IntercommunalViolence,
            new Perpetrator("Armed cattle-camp youth of northern Jonglei and Greater Pibor",
                "Recover and raid cattle, avenge earlier killings and abductions; some commanders seek political leverage ahead of the elections.",
                "Hundreds to thousands of youth with automatic rifles, mobilised within days; satellite phones; move on foot over 100+ km."),
            new CiviliansAtRisk("Villagers and cattle-keepers along migration routes; women, children and elderly who cannot flee", "All ages and sexes; children and older people least able to flee", Displacement.NotDisplaced),
            "Bor-Pibor corridor, Likuangole, Gumuruk, Anyidi and Kolnyang", jonglei, "December to April (dry season); mobilisation 1-2 weeks before a raid", 4, 5, Trend.Escalating,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["Jonglei and Greater Pibor peace committees", "Churches' peace network", "NDF 8th Division"],
            Level.High, new DateOnly(2026, 12, 1), "JMAC; CLA network Bor and Pibor; chiefs' meetings; humanitarian partners", Level.Medium)));
        script.Planner(P2, new IdentifyThreat(strategyId, t04, new ThreatAssessment(
            "Abduction of women and children during cattle raids in Jonglei",
            "Raiding parties abduct women and children, who are kept, sold or married off; 146 abductions reported in 2025-2026, 38 returns.",
            ThreatCategory.Abduction,
            new Perpetrator("Raiding parties from cattle camps of both sides",
                "Children taken as a form of wealth and to replace lost family members; women for forced marriage.",
                "Part of larger raids; abductees moved quickly to remote cattle camps."),
            new CiviliansAtRisk("Children and women in villages and cattle camps along raiding routes", "Children 2-14 (girls and boys), young women 14-25", Displacement.NotDisplaced),
            "Villages and cattle camps in Bor South, Duk and the Greater Pibor Administrative Area", jonglei, "With raids, December to April", 3, 4, Trend.Stable,
            HostStateCapacity.None, HostStateWillingness.Willing, ["UNICEF family tracing and reunification", "Churches' peace network"],
            Level.High, new DateOnly(2027, 1, 15), "Child Protection Unit case files; UNICEF FTR database; chiefs", Level.Medium)));
        script.Planner(P1, new IdentifyThreat(strategyId, t05, new ThreatAssessment(
            "Recruitment and use of children by the Northern Liberation Army in Rubkona, Guit and Mayom",
            "The NLA recruits boys from schools and cattle camps ahead of the dry-season offensive; some children are used as escorts and porters at checkpoints.",
            ThreatCategory.ChildRecruitment,
            new Perpetrator("Northern Liberation Army (NLA), Mayom and Guit commands (fictional)",
                "Replace losses and man checkpoints cheaply before the dry-season offensive.",
                "Recruits through chiefs and age-sets; promises of food and cattle; occasional forced recruitment at markets."),
            new CiviliansAtRisk("Boys in schools, cattle camps and host communities", "Boys 12-17", Displacement.Mixed),
            "Rubkona, Guit and Mayom counties", unity, "October to December, before the dry-season offensive", 4, 3, Trend.Escalating,
            HostStateCapacity.Limited, HostStateWillingness.Willing, ["UNICEF", "Country Task Force on Monitoring and Reporting"],
            Level.High, new DateOnly(2026, 12, 20), "Monitoring and Reporting Mechanism (MRM), 14 verified cases in Q3 2026", Level.High)));
        script.Planner(P2, new IdentifyThreat(strategyId, t06, new ThreatAssessment(
            "Killings, looting and sexual violence by NDF soldiers during forced disarmament in Leer and Mayom",
            "Since September 2026 NDF 4th Division units conducting the Governor's forced civilian-disarmament campaign have burned homes, looted cattle, beaten and killed men " +
            "accused of hiding weapons and raped women during cordon-and-search operations. 11 killings and 9 rapes verified by HRD; access to Mayom is restricted.",
            ThreatCategory.ViolenceByStateActors,
            new Perpetrator("National Defence Forces (NDF), 4th Division, and allied militia",
                "Disarm communities seen as aligned with the NLA; punish and deter support to the NLA; loot as payment for unpaid soldiers.",
                "Battalion-size cordon-and-search operations with armoured vehicles; control of roads and of access to the area."),
            new CiviliansAtRisk("Residents of villages in Leer and Mayom counties", "Men and boys 15-50 (killings, beatings); women and girls (sexual violence)", Displacement.NotDisplaced),
            "Leer and Mayom counties", unity, "Disarmament campaign announced until March 2027", 3, 5, Trend.Escalating,
            HostStateCapacity.Moderate, HostStateWillingness.HostStateIsPerpetrator, ["OHCHR", "ICRC (detention visits)"],
            Level.High, new DateOnly(2026, 12, 10), "HRD special investigation (restricted); satellite imagery of burned villages; CLA reports", Level.High)));
        script.Planner(P1, new IdentifyThreat(strategyId, t07, new ThreatAssessment(
            "Arbitrary detention and ill-treatment of journalists and activists by security agents in Juba",
            "Ahead of the elections, journalists, human rights defenders and opposition youth are picked up by security agents, held incommunicado for days to weeks and beaten.",
            ThreatCategory.ViolenceByStateActors,
            new Perpetrator("National Security Service (NSS), Internal Security Bureau (fictional)",
                "Silence criticism and intimidate opposition mobilisers before the elections.",
                "Plain-clothes arrests; unofficial detention facilities; impunity under the security service act."),
            new CiviliansAtRisk("Journalists, human rights defenders, opposition youth activists", "Mostly men 20-40; women journalists face sexual harassment in detention", Displacement.NotDisplaced),
            "Juba", equatoria, "Election period, December 2026 to May 2027", 3, 3, Trend.Stable,
            HostStateCapacity.Strong, HostStateWillingness.HostStateIsPerpetrator, ["OHCHR", "Diplomatic community (trial monitoring)"],
            Level.Medium, new DateOnly(2027, 1, 10), "HRD; civil-society hotline; media-freedom monitors", Level.Medium)));
        script.Planner(P2, new IdentifyThreat(strategyId, t08, new ThreatAssessment(
            "Online and radio hate speech mobilising communities ahead of the March 2027 elections",
            "Posts and voice notes circulated on social media and relayed by some community radio stations call members of other communities 'enemies' and 'cockroaches' and call on youth to arm.",
            ThreatCategory.IncitementAndHateSpeech,
            new Perpetrator("Diaspora-based social media influencers and some local politicians",
                "Mobilise electoral support along community lines; discredit rivals.",
                "Large online followings; relay by community radio and WhatsApp groups reaching cattle camps."),
            new CiviliansAtRisk("Members of communities named in the messages, in Juba and the states", "All; young men targeted for mobilisation", Displacement.Mixed),
            "Mission-wide; originates mostly in Juba and abroad", equatoria, "Voter registration (January 2027) to results (April 2027)", 4, 3, Trend.Escalating,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["Media development NGOs", "Churches' peace network", "UNESCO"],
            Level.Medium, new DateOnly(2026, 12, 31), "Public Information social-media monitoring; JMAC", Level.Medium)));
        script.Planner(P1, new IdentifyThreat(strategyId, t09, new ThreatAssessment(
            "Landmines and explosive remnants of war on the Malakal-Nasir road and the Sobat river banks",
            "Legacy contamination from the 2014-2018 conflict; returnees and cattle-keepers move onto uncleared land as flood waters recede. 6 civilian casualties in 2026, 4 of them children.",
            ThreatCategory.ExplosiveHazards,
            new Perpetrator("Legacy contamination (no active perpetrator)",
                "None: mines and unexploded ordnance left by the parties to the 2014-2018 conflict; no evidence of new laying.",
                "Anti-vehicle mines on road shoulders; unexploded mortar rounds and submunitions near former front lines."),
            new CiviliansAtRisk("Returnees, cattle-keepers and children herding or playing", "Boys 6-16 most affected", Displacement.Mixed),
            "Malakal-Nasir road, Sobat river banks near Nasir and Ulang", upperNile, "As flood waters recede, November to February", 2, 4, Trend.Declining,
            HostStateCapacity.Limited, HostStateWillingness.Willing, ["UNMAS implementing partners", "National Mine Action Authority"],
            Level.Medium, new DateOnly(2027, 2, 1), "Mine action information system; UNMAS survey", Level.High)));
        script.Planner(P2, new IdentifyThreat(strategyId, t10, new ThreatAssessment(
            "Looting of health facilities and attacks on health workers in Nasir and Ulang",
            "Armed youth and NLA splinter groups loot clinics for drugs and fuel and threaten staff; two health workers were killed in 2026 and three clinics closed, leaving 60,000 people without care. " +
            "No activity planned yet: the mission has no presence in Nasir; options to be discussed at the POC Working Group.",
            ThreatCategory.AttacksOnHealthCare,
            new Perpetrator("Armed youth and NLA splinter groups along the Sobat",
                "Loot drugs, fuel and cash; punish staff from other communities.",
                "Small armed groups; clinics have no guards or perimeter."),
            new CiviliansAtRisk("Patients and health workers, women seeking maternal care", "Pregnant women and children under 5 most affected by closures", Displacement.Mixed),
            "Nasir and Ulang health facilities", upperNile, "Ongoing; peaks during fighting along the Sobat", 3, 4, Trend.Escalating,
            HostStateCapacity.None, HostStateWillingness.Willing, ["WHO and the Health Cluster", "ICRC", "Humanitarian NGOs running the clinics"],
            Level.High, new DateOnly(2026, 12, 5), "Surveillance System for Attacks on Health Care (WHO); OCHA access reports", Level.Medium)));
        script.Planner(P1, new IdentifyThreat(strategyId, t11, new ThreatAssessment(
            "Illegal checkpoints and attacks on humanitarian river convoys on the White Nile (Malakal-Renk)",
            "Armed men at some 20 illegal checkpoints along the river extort payments from barges, detain crew and loot food; WFP suspended two convoys in 2026, delaying food to 200,000 people.",
            ThreatCategory.DenialOfHumanitarianAccess,
            new Perpetrator("Local armed elements and uncontrolled NDF checkpoint personnel",
                "Extract revenue; control movement of goods and people.",
                "Checkpoints on river banks with small arms; speedboats."),
            new CiviliansAtRisk("Communities dependent on food assistance along the White Nile; barge crews", "All; malnourished children under 5 most affected by delays", Displacement.Mixed),
            "White Nile corridor, Malakal to Renk", upperNile, "Year-round; worst in the rainy season when roads close", 5, 3, Trend.Stable,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["WFP", "OCHA access working group"],
            Level.Medium, new DateOnly(2027, 1, 20), "OCHA access monitoring and reporting framework; WFP logistics", Level.High)));
        script.Planner(P2, new IdentifyThreat(strategyId, t12, new ThreatAssessment(
            "Revenge attacks between communities in and around the Malakal protection site",
            "Killings outside the site trigger retaliation inside it; in 2016 and 2022 clashes inside the site killed dozens. Weapons are smuggled in through the perimeter.",
            ThreatCategory.IntercommunalViolence,
            new Perpetrator("Armed youth of rival communities inside and outside the site",
                "Avenge killings outside the site; control sectors and resources inside it.",
                "Small arms and machetes smuggled in; rapid mobilisation by phone."),
            new CiviliansAtRisk("Residents of the Malakal protection site", "All; children, older people and persons with disabilities in crowded sectors", Displacement.Displaced),
            "Malakal protection site and Malakal town", upperNile, "Within 48 hours of a killing in town or on the west bank", 2, 5, Trend.Stable,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["Malakal protection site community watch groups", "UNHCR (camp management)"],
            Level.High, new DateOnly(2026, 12, 15), "UNPOL site intelligence; community watch groups; JOC", Level.Medium)));
        script.Planner(P1, new IdentifyThreat(strategyId, t13, new ThreatAssessment(
            "Attacks on villages on the west bank of the Nile by the West Bank Defence Forces",
            "The WBDF raided villages around Tonga and Kodok in 2025; since a local ceasefire in June 2026 attacks have fallen, but its commanders reject the disarmament plan.",
            ThreatCategory.ArmedGroupAttack,
            new Perpetrator("West Bank Defence Forces (WBDF) (fictional)",
                "Control of the west bank and its fishing and river trade; resist disarmament.",
                "About 800 fighters, boats, some heavy machine guns."),
            new CiviliansAtRisk("Villagers and fishing communities on the west bank", "All; men of fighting age targeted in reprisals", Displacement.NotDisplaced),
            "Tonga, Kodok and Wau Shilluk", upperNile, "If the local ceasefire breaks down", 2, 3, Trend.Declining,
            HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["Local ceasefire monitoring committee"],
            Level.Medium, new DateOnly(2027, 2, 15), "JMAC; riverine patrol reports", Level.Low)));
        script.Planner(P2, new IdentifyThreat(strategyId, t14, new ThreatAssessment(
            "Mob violence against theft suspects in Juba informal settlements",
            "Residents beat and occasionally kill suspected thieves in Mahad and Gudele; police respond late. 5 deaths in 2026.",
            ThreatCategory.Other,
            new Perpetrator("Residents' vigilante groups",
                "Punish theft where the police are absent.",
                "Crowds with sticks and machetes; no organisation."),
            new CiviliansAtRisk("Young men suspected of theft, often from displaced families", "Men and boys 14-30", Displacement.Displaced),
            "Mahad and Gudele informal settlements, Juba", equatoria, "Evenings and nights, within hours of a reported theft", 2, 2, Trend.Declining,
            HostStateCapacity.Moderate, HostStateWillingness.Willing, ["National Police Service, Central Equatoria"],
            Level.Low, new DateOnly(2027, 3, 1), "UNPOL co-location reports", Level.Medium)));
        script.Planner(P1, new IdentifyThreat(strategyId, t15, new ThreatAssessment(
            "Renewed large-scale fighting in Juba between the NDF and the opposition's armed wing",
            "A disputed election result could trigger fighting between the NDF and opposition forces cantoned near Juba, as in 2013 and 2016, with mass killings along community lines and tens of thousands seeking refuge at UN sites.",
            ThreatCategory.ViolenceByStateActors,
            new Perpetrator("NDF units and the opposition's armed wing in and around Juba",
                "Seize or hold power after a disputed result; target civilians of the other side's community.",
                "Armour and artillery in the city; thousands of troops on each side."),
            new CiviliansAtRisk("Residents of Juba, especially of communities linked to the opposition; foreign nationals", "All", Displacement.Mixed),
            "Juba, especially Gudele, Jebel and the areas around UN House", equatoria, "Announcement of election results (April 2027)", 1, 5, Trend.Stable,
            HostStateCapacity.Strong, HostStateWillingness.HostStateIsPerpetrator, ["ICRC", "Embassies' evacuation plans"],
            Level.Medium, new DateOnly(2027, 2, 1), "JMAC scenario analysis; Political Affairs", Level.Low)));

        // ---------------------------------------------------------------- action plan: activities, leads, supporting components
        var a01 = Id("activity/market-patrols");
        var a02 = Id("activity/firewood-patrols");
        var a03 = Id("activity/nla-engagement");
        var a04 = Id("activity/leer-tob");
        var a05 = Id("activity/good-offices-disarmament");
        var a06 = Id("activity/hr-monitoring");
        var a07 = Id("activity/corridor-patrols");
        var a08 = Id("activity/peace-conference");
        var a09 = Id("activity/abductee-returns");
        var a10 = Id("activity/ndf-logistics");
        var a11 = Id("activity/nps-mentoring");
        var a12 = Id("activity/river-escorts");
        var a13 = Id("activity/malakal-qrf");
        var a14 = Id("activity/malakal-peace-committees");
        var a15 = Id("activity/hate-speech");
        var a16 = Id("activity/camp-lighting");
        var a17 = Id("activity/route-verification");
        var a18 = Id("activity/juba-community-policing");
        var a19 = Id("activity/juba-contingency");
        var a20 = Id("activity/cvr-youth");

        Activity(script, P1, strategyId, a01, new ActivityDetails(
            "Market-day foot and vehicle patrols in Bentiu and Rubkona",
            "Dismounted patrols through the markets on market days, with vehicle checkpoints on the Mayom and Guit roads from 05:00; FPU joins in town. Patrol leaders meet the traders' union weekly.",
            o1, [t01], Tier.PhysicalProtection, Phase.PreEmption, "Bentiu and Rubkona markets and approach roads", unity,
            Day0, new DateOnly(2027, 4, 30), "Market days with a patrol present; raids on market days (target: none)", ActivityStatus.Ongoing, null),
            lead: (force, new Commitment(150, [new Asset(Apc, 8)])),
            supporting: [(unpol, new Commitment(35, [new Asset(FpuApc, 2)]))]);
        Activity(script, P2, strategyId, a02, new ActivityDetails(
            "Firewood and water-point patrols escorting women outside the Bentiu IDP camp",
            "Scheduled FPU patrols along the three main firewood routes at dawn, agreed weekly with the women's committee of the camp; Women Protection Advisers and CLAs collect feedback and refer survivors.",
            o3, [t02], Tier.PhysicalProtection, Phase.Prevention, "Firewood routes within 8 km of the Bentiu IDP camp", unity,
            Day0, new DateOnly(2027, 4, 30), "Patrols per week on firewood routes (target: 12); incidents on patrolled routes", ActivityStatus.Ongoing, null),
            lead: (unpol, new Commitment(40, [new Asset(FpuApc, 2)])),
            supporting: [(gender, new Commitment(2, [])), (civilAffairs, new Commitment(4, []))]);
        Activity(script, P1, strategyId, a03, new ActivityDetails(
            "Engagement with NLA commanders on commitments against CRSV and child recruitment",
            "Structured dialogue with NLA Mayom and Guit commands, through community elders and the churches, towards a signed action plan, release of children and a CRSV focal point. " +
            "Contacts are cleared with the SRSG and do not confer legitimacy.",
            o3, [t02, t05], Tier.Dialogue, Phase.PreEmption, "Mayom and Guit (meetings in Bentiu)", unity,
            new DateOnly(2026, 11, 1), new DateOnly(2027, 3, 31), "Action plan signed; children released and handed to UNICEF", ActivityStatus.Planned, null),
            lead: (childProtection, new Commitment(3, [])),
            supporting: [(gender, new Commitment(2, [])), (politicalAffairs, new Commitment(2, []))]);
        Activity(script, P2, strategyId, a04, new ActivityDetails(
            "Temporary operating base in Leer during the NDF disarmament campaign",
            "A company-size temporary operating base in Leer town for 90 days, air-inserted, with daily patrols to villages named in HRD reports and a human rights and civil affairs team embedded. " +
            "Presence deters abuses and gives access for verification.",
            o1, [t06, t01], Tier.PhysicalProtection, Phase.Response, "Leer town and surrounding villages", unity,
            new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 28), "Days of continuous presence; verified violations in the patrolled area", ActivityStatus.Planned, null),
            lead: (force, new Commitment(200, [new Asset(Helicopter, 2), new Asset(Apc, 10)])),
            supporting: [(humanRights, new Commitment(4, [])), (civilAffairs, new Commitment(3, [])), (pocUnit, new Commitment(1, []))]);
        Activity(script, P1, strategyId, a05, new ActivityDetails(
            "Good offices with the NDF command and the Unity Governor on the conduct of disarmament",
            "SRSG and DSRSG (political) raise verified incidents with the Chief of Defence Forces and the Governor; propose a voluntary, community-led disarmament sequence and a complaint channel.",
            o4, [t06], Tier.Dialogue, Phase.Response, "Juba and Bentiu", unity,
            new DateOnly(2026, 10, 1), new DateOnly(2027, 3, 31), "Meetings held; commitments obtained and implemented", ActivityStatus.Ongoing, null),
            lead: (leadership, new Commitment(2, [])),
            supporting: [(politicalAffairs, new Commitment(3, [])), (humanRights, new Commitment(2, []))]);
        Activity(script, P2, strategyId, a06, new ActivityDetails(
            "Monitoring, investigation and public reporting of violations by state security forces",
            "HRD investigations in Leer, Mayom and Juba, with UNPOL on detention; findings shared with the authorities before publication; quarterly public report; support to mobile courts.",
            o4, [t06, t07], Tier.ProtectiveEnvironment, Phase.Consolidation, "Unity and Juba", null,
            Day0, new DateOnly(2027, 4, 30), "Incidents verified; cases referred to military or mobile courts", ActivityStatus.Ongoing, null),
            lead: (humanRights, new Commitment(12, [new Asset("Field vehicle", 4)])),
            supporting: [(unpol, new Commitment(4, [])), (publicInformation, new Commitment(2, []))]);
        Activity(script, P1, strategyId, a07, new ActivityDetails(
            "Air-mobile and long-range patrols on the Bor-Pibor corridor during the cattle-migration season",
            "Long-duration patrols and air-mobile insertions to locations named in CLA alerts about mobilisation, to deter and interpose; CLAs and JMAC brief each patrol.",
            o2, [t03, t04], Tier.PhysicalProtection, Phase.PreEmption, "Bor-Pibor corridor, Likuangole and Gumuruk", jonglei,
            new DateOnly(2026, 12, 1), new DateOnly(2027, 4, 30), "Alerts of mobilisation followed by a patrol within 48 hours", ActivityStatus.Planned, null),
            lead: (force, new Commitment(180, [new Asset(Helicopter, 2), new Asset(Apc, 6)])),
            supporting: [(civilAffairs, new Commitment(4, [])), (jmac, new Commitment(2, []))]);
        Activity(script, P2, strategyId, a08, new ActivityDetails(
            "Intercommunal peace conference and cattle-migration agreements for Bor South, Twic East and Greater Pibor",
            "Pre-conference consultations in each community (women and youth separately), a conference in Bor and migration-route agreements with joint monitoring committees; the Force flies delegates from Pibor.",
            o2, [t03, t04], Tier.Dialogue, Phase.Prevention, "Bor, with consultations in Pibor and Twic East", jonglei,
            new DateOnly(2026, 10, 15), new DateOnly(2027, 1, 31), "Agreements signed and observed after 6 months; share of women delegates", ActivityStatus.Planned, null),
            lead: (civilAffairs, new Commitment(10, [])),
            supporting: [(politicalAffairs, new Commitment(3, [])), (leadership, new Commitment(1, [])), (force, new Commitment(20, [new Asset(Helicopter, 1)]))]);
        Activity(script, P1, strategyId, a09, new ActivityDetails(
            "Tracing and return of abducted women and children",
            "Child Protection and Women Protection Advisers document cases, support the chiefs' exchange mechanism agreed at the peace conference and hand children to UNICEF for reunification.",
            o2, [t04], Tier.ProtectiveEnvironment, Phase.Consolidation, "Bor and Pibor", jonglei,
            Day0, new DateOnly(2027, 4, 30), "Abductees returned; cases closed with reunification", ActivityStatus.Ongoing, null),
            lead: (childProtection, new Commitment(4, [])),
            supporting: [(gender, new Commitment(2, [])), (civilAffairs, new Commitment(3, []))]);
        Activity(script, P2, strategyId, a10, new ActivityDetails(
            "Fuel, rations and air transport for NDF 8th Division joint patrols on the Bor-Pibor road",
            "Requested by the 8th Division commander: fuel and rations for two joint patrols a month and air transport of a liaison team. HRDDP assessment requested from HRD; not yet done.",
            o2, [t03], Tier.PhysicalProtection, Phase.PreEmption, "Bor-Pibor road", jonglei,
            new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 30), "Joint patrols conducted; incidents involving NDF personnel (target: none)", ActivityStatus.Planned,
            "National Defence Forces (NDF), 8th Division"),
            lead: (force, new Commitment(30, [new Asset(Helicopter, 1)])),
            supporting: []);
        Activity(script, P1, strategyId, a11, new ActivityDetails(
            "Mentoring of the National Police Service in Bentiu on SGBV investigation and community policing",
            "Co-location of UNPOL officers at Bentiu and Rubkona police stations; training of the special protection unit on survivor-centred investigation; joint patrols with NPS in town.",
            o4, [t02, t01], Tier.ProtectiveEnvironment, Phase.Consolidation, "Bentiu and Rubkona police stations", unity,
            Day0, new DateOnly(2027, 4, 30), "NPS officers trained (target 150, 45 women); SGBV cases referred to court", ActivityStatus.Ongoing,
            "National Police Service (NPS), Unity State command"),
            lead: (unpol, new Commitment(25, [])),
            supporting: [(humanRights, new Commitment(2, [])), (gender, new Commitment(2, []))]);
        Activity(script, P2, strategyId, a12, new ActivityDetails(
            "Riverine patrols and escort of humanitarian barges on the White Nile",
            "Riverine unit escorts WFP barges from Malakal to Renk and patrols the west bank; Civil Affairs negotiates passage with local authorities at known checkpoints.",
            o1, [t11, t13], Tier.PhysicalProtection, Phase.Prevention, "White Nile, Malakal to Renk; west bank villages", upperNile,
            Day0, new DateOnly(2027, 4, 30), "Convoys escorted without incident; checkpoints removed", ActivityStatus.Ongoing, null),
            lead: (force, new Commitment(60, [new Asset(Boat, 4)])),
            supporting: [(civilAffairs, new Commitment(2, []))]);
        Activity(script, P1, strategyId, a13, new ActivityDetails(
            "Quick reaction force and reinforcement of the Malakal protection site perimeter",
            "A quick reaction force on 1-hour notice, airlift of a platoon from Sector North if needed, FPU crowd control and weapons searches at the gates; contingency plan rehearsed quarterly.",
            o1, [t12], Tier.PhysicalProtection, Phase.Response, "Malakal protection site", upperNile,
            Day0, new DateOnly(2027, 4, 30), "Time from alert to QRF deployment (target: under 1 hour); rehearsals held", ActivityStatus.Planned, null),
            lead: (force, new Commitment(90, [new Asset(Helicopter, 1), new Asset(Apc, 4)])),
            supporting: [(unpol, new Commitment(60, [new Asset(FpuApc, 2)])), (joc, new Commitment(4, []))]);
        Activity(script, P2, strategyId, a14, new ActivityDetails(
            "Peace committees and community watch groups in the Malakal protection site",
            "Monthly inter-sector dialogue, support to the community watch groups, and rapid mediation by CLAs after incidents outside the site.",
            o2, [t12], Tier.Dialogue, Phase.Prevention, "Malakal protection site", upperNile,
            Day0, new DateOnly(2027, 4, 30), "Incidents resolved by mediation; sectors represented including women", ActivityStatus.Ongoing, null),
            lead: (civilAffairs, new Commitment(6, [])),
            supporting: [(unpol, new Commitment(6, [])), (gender, new Commitment(2, []))]);
        Activity(script, P1, strategyId, a15, new ActivityDetails(
            "Monitoring of hate speech and counter-messaging ahead of the elections",
            "Daily social-media and radio monitoring, flags shared with HRD and JMAC; Radio Amani programmes with religious and youth leaders; code of conduct for community radio.",
            o5, [t08], Tier.Dialogue, Phase.Prevention, "Mission-wide, from Juba", equatoria,
            new DateOnly(2026, 11, 1), new DateOnly(2027, 4, 30), "Flagged items answered within 48 hours; stations signing the code", ActivityStatus.Planned, null),
            lead: (publicInformation, new Commitment(8, [new Asset(Transmitter, 3)])),
            supporting: [(humanRights, new Commitment(2, [])), (jmac, new Commitment(2, [])), (politicalAffairs, new Commitment(2, []))]);
        Activity(script, P2, strategyId, a16, new ActivityDetails(
            "Solar lighting and safe access around latrines and water points in the Bentiu IDP camp",
            "Quick impact project: 120 solar lights at latrines and water points identified in women's safety audits. Lead to be agreed at the POC Working Group (Civil Affairs or the Gender Affairs Unit).",
            o3, [t02], Tier.ProtectiveEnvironment, Phase.Prevention, "Bentiu IDP camp, blocks 1-5", unity,
            new DateOnly(2026, 12, 1), new DateOnly(2027, 3, 31), "Lights installed and working; women's perception of safety at night", ActivityStatus.Planned, null),
            lead: null,
            supporting: [(gender, new Commitment(1, []))]);
        Activity(script, P1, strategyId, a17, new ActivityDetails(
            "Route verification and explosive-ordnance risk education on the Malakal-Nasir road",
            "Force engineers verify the road and mark suspected areas ahead of returns; risk-education messages on Radio Amani in local languages.",
            o1, [t09], Tier.ProtectiveEnvironment, Phase.Prevention, "Malakal-Nasir road", upperNile,
            new DateOnly(2026, 11, 15), new DateOnly(2027, 2, 28), "Km verified; civilian casualties from explosive ordnance", ActivityStatus.Planned, null),
            lead: (force, new Commitment(40, [new Asset(Mpv, 4)])),
            supporting: [(publicInformation, new Commitment(2, []))]);
        Activity(script, P2, strategyId, a18, new ActivityDetails(
            "Community-oriented policing and police protection desks in Juba informal settlements",
            "UNPOL co-located at three NPS posts; protection desks for women and children; community-police forums with residents to end mob justice.",
            o5, [t14], Tier.ProtectiveEnvironment, Phase.Consolidation, "Mahad, Gudele and Munuki police posts, Juba", equatoria,
            Day0, new DateOnly(2027, 4, 30), "Cases handled by protection desks; incidents of mob violence", ActivityStatus.Ongoing,
            "National Police Service (NPS), Central Equatoria command"),
            lead: (unpol, new Commitment(20, [])),
            supporting: [(civilAffairs, new Commitment(2, []))]);
        Activity(script, P1, strategyId, a19, new ActivityDetails(
            "Juba contingency plan: protection of civilians seeking refuge at UN House",
            "Perimeter reinforcement, reception and screening of up to 30,000 civilians, extraction of UN and humanitarian staff; rehearsed before voter registration and before results.",
            o5, [t15], Tier.PhysicalProtection, Phase.Response, "UN House and Tomping, Juba", equatoria,
            new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 30), "Rehearsals held; time to open the gates and screen arrivals", ActivityStatus.Planned, null),
            lead: (force, new Commitment(250, [new Asset(Apc, 8)])),
            supporting: [(unpol, new Commitment(80, [new Asset(FpuApc, 4)])), (joc, new Commitment(6, [])), (pocUnit, new Commitment(1, []))]);
        Activity(script, P2, strategyId, a20, new ActivityDetails(
            "Community violence reduction projects for youth at risk of recruitment in Rubkona",
            "Cash-for-work and vocational training for 400 youth, with the county commissioner and chiefs; preference for boys released from the NLA and their peers.",
            o3, [t05, t01], Tier.ProtectiveEnvironment, Phase.Prevention, "Rubkona county", unity,
            new DateOnly(2027, 1, 15), new DateOnly(2027, 4, 30), "Youth enrolled and completing; re-recruitment among participants", ActivityStatus.Planned, null),
            lead: (ddr, new Commitment(6, [])),
            supporting: [(childProtection, new Commitment(2, []))]);

        // ---------------------------------------------------------------- safeguards: HRDDP
        script.Planner(P2, new AssessDueDiligence(strategyId, a11, null, new DueDiligenceAssessment(
            "National Police Service (NPS), Unity State command", Level.Medium,
            "NPS officers in Unity were implicated in two cases of ill-treatment in custody in 2025; one officer of the special protection unit is named in an HRD report; " +
            "detainees are held beyond 24 hours without charge. Risk that mentoring is seen as endorsement of these practices.",
            "Vetting of officers admitted to training against HRD records; monthly custody visits by UNPOL and HRD; support suspended for any unit implicated in a new grave violation; " +
            "written commitment by the state police commissioner; quarterly review by the HRDDP task force.",
            DueDiligenceConclusion.ProceedWithMitigation, new DateOnly(2026, 10, 14))));
        script.Planner(P1, new AssessDueDiligence(strategyId, a18, null, new DueDiligenceAssessment(
            "National Police Service (NPS), Central Equatoria command", Level.Low,
            "No verified grave violations by the NPS posts concerned in the last 24 months; the risk is in referral of suspects to the NSS, which HRD monitors.",
            "UNPOL does not take part in arrests; referrals of suspects to the NSS are reported to HRD.",
            DueDiligenceConclusion.SupportMayProceed, new DateOnly(2026, 9, 2))));

        // ---------------------------------------------------------------- partners counted on, never commanded
        script.Planner(P1, new CountOnPartner(strategyId, a03, unicef, "Receives the children the NLA releases, for "
            + "interim care, family tracing and reunification.", null));
        script.Planner(P2, new CountOnPartner(strategyId, a11, nps, "Selects the officers for mentoring and opens its "
            + "custody records in Unity to UNPOL and HRD.", null));

        // ---------------------------------------------------------------- coordination and early warning
        script.Planner(P1, new EstablishForum(strategyId, Id("forum/smg-p"), new ForumDetails(
            "Senior Management Group on Protection (SMG-P)", ForumLevel.Mission, "SRSG",
            ["DSRSG (Political)", "DSRSG/Resident and Humanitarian Coordinator", "Force Commander", "Police Commissioner", "Chief of Staff", "Director of Mission Support",
             "Director, Human Rights Division (OHCHR Representative)", "Chief, Civil Affairs Division", "Chief, Political Affairs Division", "Chief, JMAC", "Chief, JOC",
             "Senior POC Adviser (secretary)", "UNHCR Representative (Protection Cluster)", "UNICEF Representative"],
            "Monthly; extraordinary meeting within 24 hours of a major POC crisis",
            "Sets protection priorities, approves the strategy's threat ranking and resource allocation, decides on responses beyond the means of a sector, and records decisions on tensions.")));
        script.Planner(P2, new EstablishForum(strategyId, Id("forum/poc-wg"), new ForumDetails(
            "Mission POC Working Group", ForumLevel.Mission, "Senior POC Adviser",
            ["Force U3/J3 POC focal point", "UNPOL POC focal point", "Human Rights Division", "Civil Affairs Division", "Political Affairs Division", "Women Protection Adviser",
             "Child Protection Unit", "JMAC", "JOC", "Public Information", "DDR/CVR Section", "Protection Cluster coordinator (UNHCR)", "OCHA"],
            "Weekly (Tuesdays); daily during a crisis",
            "Maintains the threat matrix and action plan, tracks gaps and coherence findings, prepares SMG-P decisions.")));
        script.Planner(P1, new EstablishForum(strategyId, Id("forum/bentiu-field"), new ForumDetails(
            "Bentiu Field POC Working Group", ForumLevel.Field, "Head of Field Office, Bentiu",
            ["Sector North Commander", "UNPOL team site commander", "FPU commander", "HRD Bentiu", "Civil Affairs (CLA supervisor)", "Women Protection Adviser",
             "Child Protection officer", "JOC field cell", "OCHA Bentiu", "UNHCR/IOM camp management", "Bentiu IDP camp community protection committee (open session)"],
            "Twice weekly; daily during the disarmament campaign",
            "Turns alerts into tasks for the sector, schedules firewood and market patrols, follows up on cases, escalates to the Mission POC Working Group.")));

        script.Planner(P2, new DefineEarlyWarningArrangement(strategyId, Id("early-warning/can-unity-jonglei"), new EarlyWarningDetails(
            "Community Alert Network, Unity and Jonglei", EarlyWarningKind.CommunityAlertNetwork,
            "82 community focal points with HF radios or phones in 41 villages, cattle camps and the Bentiu camp, linked to 24 Community Liaison Assistants in Bentiu, Leer, Bor and Pibor.",
            [unity, jonglei],
            [
                new AlertPathStep(AlertStep.Received, "Community Liaison Assistant on duty (CA field office), logged in the alert register", "Within 1 hour of the call"),
                new AlertPathStep(AlertStep.Verified, "JOC field cell with JMAC, triangulated with the nearest patrol, HRD and a second source", "Within 4 hours"),
                new AlertPathStep(AlertStep.Escalated, "Head of Field Office to the JOC and the Senior POC Adviser (flash report)", "Within 6 hours"),
                new AlertPathStep(AlertStep.Decided, "Field POC Working Group; SMG-P if the response needs assets from outside the sector", "Within 12 hours"),
                new AlertPathStep(AlertStep.Acted, "Sector commander, UNPOL and Civil Affairs per the agreed response; good offices by the Head of Field Office", "Within 24 hours"),
                new AlertPathStep(AlertStep.Closed, "POC Unit records the outcome; the CLA tells the focal point who raised the alert what was done", "Within 7 days"),
            ])));
        script.Planner(P1, new DefineEarlyWarningArrangement(strategyId, Id("early-warning/jpt-upper-nile"), new EarlyWarningDetails(
            "Joint Protection Teams and site hotline, Upper Nile", EarlyWarningKind.JointProtectionTeam,
            "Monthly joint protection team missions (Civil Affairs, HRD, UNPOL, Force, WPA) to Nasir, Ulang, Kodok and the west bank; 24/7 hotline at the Malakal protection site gates.",
            [upperNile],
            [
                new AlertPathStep(AlertStep.Received, "JPT leader (Civil Affairs) or the hotline operator at the Malakal JOC cell", "During the mission or immediately for hotline calls"),
                new AlertPathStep(AlertStep.Verified, "JPT members on site; JMAC for reports from outside the site", "Within 24 hours (mission) or 2 hours (hotline)"),
                new AlertPathStep(AlertStep.Escalated, "Head of Field Office Malakal to the JOC and the Mission POC Working Group", "JPT report within 48 hours"),
                new AlertPathStep(AlertStep.Decided, "Malakal security management and POC meeting; SMG-P for deployments outside Malakal", "Within 72 hours; immediately for the site"),
                new AlertPathStep(AlertStep.Acted, "Sector East commander, UNPOL site commander, Civil Affairs", "Per the decision; QRF within 1 hour inside the site"),
                new AlertPathStep(AlertStep.Closed, "POC Unit closes the alert; feedback given to the community at the next JPT visit", "Next JPT visit, at most 30 days"),
            ])));

        // ---------------------------------------------------------------- decisions on tensions
        script.Planner(P1, new RecordTensionDecision(strategyId, Id("decision/public-reporting-ndf"), new TensionDecisionDetails(
            Tension.PocVsPrimacyOfPolitics,
            "How publicly should the mission report violations by the NDF during the disarmament campaign while the SRSG's good offices on the election roadmap depend on the Presidency's cooperation?",
            [
                new OptionConsidered("Immediate public reporting: press release and flash report after each verified incident",
                    "Strongest deterrent and consistent with the mandate; the Presidency has threatened to suspend the election roadmap talks and restrict flights to Leer."),
                new OptionConsidered("Private advocacy only, through the SRSG and the Chief of Defence Forces",
                    "Preserves access and the political track; in 2025 private advocacy alone did not change conduct, and communities saw the mission as silent."),
                new OptionConsidered("Private advocacy first with a 30-day deadline for commitments, then a public thematic report",
                    "Gives the Government a chance to act, keeps the political track and puts a date on public reporting."),
            ],
            "Private advocacy first with a 30-day deadline, then a public thematic report on the disarmament campaign whatever the outcome; killings and sexual violence are reported publicly without delay.",
            "Public reporting is an obligation under the mandate and the human rights policy; timing is a choice. A fixed deadline protects the political track without trading away accountability, " +
            "and the exception for killings and sexual violence keeps the mission credible with the communities of Leer and Mayom.",
            new DateOnly(2026, 10, 6), "SMG-P, chaired by the SRSG")));
        script.Planner(P2, new RecordTensionDecision(strategyId, Id("decision/ndf-support-hrddp"), new TensionDecisionDetails(
            Tension.PrinciplesVsPragmatism,
            "Should the Force start fuel and transport support to NDF 8th Division patrols on the Bor-Pibor road before the HRDDP risk assessment is done, given the dry season starts in December?",
            [
                new OptionConsidered("Start support now and complete the assessment in parallel",
                    "Patrols could deter mobilisation from December; but the policy requires the assessment before support and 8th Division units were implicated in killings in 2024."),
                new OptionConsidered("Decline support altogether and rely on the mission's own patrols",
                    "Avoids the risk; leaves a road the Force cannot cover alone and loses leverage over the 8th Division's conduct."),
                new OptionConsidered("Plan the support but deliver nothing until the assessment concludes, with HRD to finish it by 15 December",
                    "Keeps the option open and respects the policy; costs two to three weeks of the season."),
            ],
            "Plan the support (activity A-10) but deliver nothing until the HRDDP assessment concludes; HRD to complete it by 15 December 2026.",
            "The Human Rights Due Diligence Policy is not optional, and the 8th Division's record makes the risk real. The delay costs weeks, not the season, and the mission's own patrols (A-07) cover the corridor meanwhile.",
            new DateOnly(2026, 11, 3), "SMG-P")));
        script.Planner(P1, new RecordTensionDecision(strategyId, Id("decision/police-support-level"), new TensionDecisionDetails(
            Tension.NationalVsLocalSupport,
            "Where should UNPOL's limited mentoring capacity go: the NPS headquarters reform plan in Juba, or county-level police posts in Bentiu, Bor and Juba's informal settlements?",
            [
                new OptionConsidered("National: embed advisers in NPS headquarters to support the reform plan and the election security task force",
                    "Sustainable in principle and wanted by the Ministry of Interior; slow to reach civilians and dependent on political will in Juba."),
                new OptionConsidered("Local: co-locate at county police posts where civilians face the threats",
                    "Visible protection gains and community trust; risk that gains stay local and fade without national backing."),
            ],
            "About 70% of mentoring capacity goes to county and town posts (A-11, A-18); about 30% to NPS headquarters, focused on the election security plan.",
            "Threats to civilians are local and the mission draws down from Central Equatoria in 2027, so capacity must leave a working local police presence; " +
            "a national component is kept so local gains are backed by policy and budget.",
            new DateOnly(2026, 9, 15), "Police Commissioner and Senior POC Adviser, endorsed by the Mission POC Working Group")));
        script.Planner(P2, new RecordTensionDecision(strategyId, Id("decision/jonglei-armed-unarmed"), new TensionDecisionDetails(
            Tension.ArmedVsUnarmedStrategies,
            "Should the mission meet the Jonglei dry season chiefly with armed patrols and interposition, or with unarmed approaches (peace conference, migration agreements, community alert networks)?",
            [
                new OptionConsidered("Armed first: air-mobile interposition between mobilised youth and their targets",
                    "Can stop an attack under way; 3,000 mobilised youth outnumber any force the mission can fly in, and interposition risks casualties on all sides."),
                new OptionConsidered("Unarmed first: peace conference, migration agreements, CLAs and chiefs' exchange of abductees",
                    "Addresses the causes and is what communities asked for; does not stop a mobilisation once launched."),
                new OptionConsidered("Unarmed first, with armed patrols as a deterrent on the corridor and a reserve for imminent threats",
                    "Combines both; needs helicopters the Force does not have in sufficient number (see workload)."),
            ],
            "Unarmed approaches lead (A-08, A-09, community alert network); armed patrols deter on the corridor (A-07) and a reserve answers verified alerts of imminent attack.",
            "The 2026 mobilisation showed that interposition alone fails against thousands of youth; agreements and early warning reduce raids before they start. " +
            "The helicopter shortfall is flagged to the Force Commander and UNHQ for a decision on reallocation.",
            new DateOnly(2026, 10, 20), "SMG-P")));

        // ---------------------------------------------------------------- transition
        script.Planner(P1, new PlanHandover(strategyId, Id("handover/juba-policing"), new HandoverDetails(
            "Hand-over of community-oriented policing and protection desks in Juba to the National Police Service",
            a18, nps,
            "UNPOL co-location at Mahad, Gudele and Munuki posts ends as the mission draws down from Central Equatoria; the NPS takes over the protection desks with UNDP rule-of-law funding for two years. " +
            "Milestones: NPS staff the desks alone from February 2027; joint review in April 2027.",
            new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 30), HandoverStatus.Planned)));
        script.Planner(P2, new PlanHandover(strategyId, Id("handover/ftr-unicef"), new HandoverDetails(
            "Hand-over of the abductee tracing and return caseload to UNICEF",
            a09, unicef,
            "Open cases and the chiefs' exchange mechanism pass to UNICEF and its partners; the Child Protection Unit keeps monitoring and reporting on grave violations (MRM).",
            new DateOnly(2027, 2, 1), new DateOnly(2027, 4, 30), HandoverStatus.Planned)));

        return new DemoMission(missionId, acronym, script.Steps);
    }

    /// <summary>Plans an activity, then assigns its lead (if any) and its supporting components, as one planner's work.</summary>
    private static void Activity(
        DemoScript script, string planner, Guid strategyId, Guid activityId, ActivityDetails details,
        (Guid Component, Commitment Commitment)? lead, IReadOnlyList<(Guid Component, Commitment Commitment)> supporting)
    {
        script.Planner(planner, new PlanActivity(strategyId, activityId, details));
        if (lead is { } l) script.Planner(planner, new AssignLeadComponent(strategyId, activityId, l.Component, l.Commitment, null));
        foreach (var (component, commitment) in supporting)
            script.Planner(planner, new AssignSupportingComponent(strategyId, activityId, component, commitment));
    }
}

namespace ProtectionPlanner.Server.Languages;

/// <summary>
/// The domain's words in English and in the terms of the UN's French-language POC documents: the one table the
/// server's French texts take their vocabulary from. docs/domain.md shows the same table (a test keeps it so).
/// </summary>
public static class Glossary
{
    /// <param name="Noun">The form a sentence uses where <paramref name="French"/> names alternatives.</param>
    public sealed record Term(string English, string French, bool Feminine = false, string? Noun = null);

    public static readonly IReadOnlyList<Term> Terms =
    [
        new("protection of civilians", "protection des civils (PdC)", true),
        new("tier", "niveau"),
        new("Tier I protection through dialogue and engagement", "protection par le dialogue et l’engagement", true),
        new("Tier II provision of physical protection", "protection physique", true),
        new("Tier III establishment of a protective environment", "instauration d’un environnement protecteur", true),
        new("phase", "phase", true),
        new("prevention", "prévention", true),
        new("pre-emption", "préemption", true),
        new("response", "riposte", true),
        new("consolidation", "consolidation", true),
        new("threat", "menace", true),
        new("likelihood", "probabilité", true),
        new("impact", "impact"),
        new("risk", "risque"),
        new("perpetrator", "auteur (de violences)", Noun: "auteur"),
        new("civilians at risk", "civils à risque"),
        new("activity", "activité", true),
        new("lead component", "composante chef de file", true),
        new("supporting component", "composante d’appui", true),
        new("capacity", "capacité", true),
        new("partner", "partenaire"),
        new("coordination forum", "mécanisme de coordination"),
        new("early warning", "alerte précoce", true),
        new("early-warning arrangement", "dispositif d’alerte précoce"),
        new("HRDDP (Human Rights Due Diligence Policy)",
            "politique de diligence voulue en matière de droits de l’homme (PDVDH)", true),
        new("due-diligence assessment", "évaluation de diligence voulue", true),
        new("hand-over/transition", "transition/passation", true, "passation"),
        new("safeguard", "garantie/mesure de sauvegarde", true, "garantie"),
        new("Head of Mission", "chef de mission"),
        new("host state", "État hôte"),
        new("table-top exercise", "exercice sur table"),
        new("exercise", "exercice"),
        new("after-action report", "rapport après action"),
        new("hot wash", "retour à chaud"),
        new("improvement", "mesure d’amélioration", true),
        new("gap", "lacune", true),
        new("coherence finding", "constat de cohérence"),
        new("draft", "projet"),
        new("under review", "en cours d’examen"),
        new("submitted for review", "soumis(e) pour examen"),
        new("endorsed", "entériné(e)"),
        new("approved", "approuvé(e)"),
        new("reviewed at HQ", "examiné(e) au Siège"),
        new("returned for revision", "renvoyé(e) pour révision"),
        new("revision", "révision", true),
        new("mission", "mission", true),
        new("strategy", "stratégie", true),
        new("overview", "vue d’ensemble", true),
        new("objective", "objectif"),
        new("indicator", "indicateur"),
        new("component", "composante", true),
        new("area", "zone", true),
        new("area of operation", "zone d’opération", true),
        new("decision on a tension", "décision sur une tension", true),
        new("comment", "commentaire"),
        new("thread", "fil de discussion"),
        new("personnel", "personnel"),
        new("assets", "moyens"),
    ];

    /// <summary>The closed sets' values in French words, by their names in the API (tiers, phases, statuses,
    /// categories...).</summary>
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["Dialogue"] = "niveau I (protection par le dialogue et l’engagement)",
        ["PhysicalProtection"] = "niveau II (protection physique)",
        ["ProtectiveEnvironment"] = "niveau III (instauration d’un environnement protecteur)",
        ["Prevention"] = "prévention", ["PreEmption"] = "préemption", ["Response"] = "riposte",
        ["Consolidation"] = "consolidation",
        ["ArmedGroupAttack"] = "attaque de groupe armé", ["IntercommunalViolence"] = "violence intercommunautaire",
        ["ConflictRelatedSexualViolence"] = "violences sexuelles liées aux conflits",
        ["ChildRecruitment"] = "recrutement d’enfants", ["Abduction"] = "enlèvement",
        ["ViolenceByStateActors"] = "violence d’acteurs étatiques", ["ExplosiveHazards"] = "engins explosifs",
        ["IncitementAndHateSpeech"] = "incitation et discours de haine",
        ["AttacksOnHealthCare"] = "attaques contre les soins de santé",
        ["DenialOfHumanitarianAccess"] = "entrave à l’accès humanitaire", ["Other"] = "autre",
        ["Escalating"] = "en hausse", ["Stable"] = "stable", ["Declining"] = "en baisse",
        ["Low"] = "faible", ["Medium"] = "moyen", ["High"] = "élevé", ["Moderate"] = "modéré",
        ["Critical"] = "critique",
        ["None"] = "aucune", ["Limited"] = "limitée", ["Strong"] = "forte",
        ["Unwilling"] = "non disposé", ["Ambivalent"] = "ambivalent", ["Willing"] = "disposé",
        ["HostStateIsPerpetrator"] = "l’État hôte est auteur de violences",
        ["Displaced"] = "déplacés", ["NotDisplaced"] = "non déplacés", ["Mixed"] = "mixte",
        ["Open"] = "ouverte", ["Closed"] = "close",
        ["Planned"] = "prévue", ["Ongoing"] = "en cours", ["InProgress"] = "en cours", ["Completed"] = "achevée",
        ["Suspended"] = "suspendue", ["Cancelled"] = "annulée", ["Done"] = "terminée", ["Dropped"] = "abandonnée",
        ["Qualitative"] = "qualitatif", ["Quantitative"] = "quantitatif",
        ["Lead"] = "chef de file", ["Supporting"] = "en appui",
        ["PrinciplesVsPragmatism"] = "principes ou pragmatisme",
        ["NationalVsLocalSupport"] = "appui national ou local",
        ["ArmedVsUnarmedStrategies"] = "stratégies armées ou non armées",
        ["PocVsPrimacyOfPolitics"] = "protection des civils ou primauté du politique",
        ["Mission"] = "mission", ["Field"] = "terrain",
        ["CommunityAlertNetwork"] = "réseau d’alerte communautaire",
        ["CommunityLiaisonAssistants"] = "assistants de liaison communautaire",
        ["JointProtectionTeam"] = "équipe conjointe de protection", ["HotlineAndRadio"] = "ligne d’urgence et radio",
        ["SupportMayProceed"] = "l’appui peut être fourni",
        ["ProceedWithMitigation"] = "poursuivre avec mesures d’atténuation",
        ["SupportWithheld"] = "appui refusé",
        ["Draft"] = "projet", ["ReturnedForRevision"] = "renvoyée pour révision",
        ["Submitted"] = "soumise pour examen",
        ["Endorsed"] = "entérinée", ["Approved"] = "approuvée", ["ReviewedAtHq"] = "examinée au Siège",
        ["Military"] = "militaire", ["Police"] = "police", ["HumanRights"] = "droits de l’homme",
        ["CivilAffairs"] = "affaires civiles", ["PoliticalAffairs"] = "affaires politiques", ["Ddr"] = "DDR",
        ["GenderAndWomenProtection"] = "genre et protection des femmes",
        ["ChildProtection"] = "protection de l’enfance",
        ["PublicInformation"] = "information publique", ["Jmac"] = "JMAC", ["Joc"] = "JOC",
        ["PocUnit"] = "unité de protection des civils", ["MissionLeadership"] = "direction de la mission",
        ["UnCountryTeamAgency"] = "organisme de l’équipe de pays des Nations Unies",
        ["HostStateSecurityForces"] = "forces de sécurité de l’État hôte",
        ["HostStateAuthority"] = "autorité de l’État hôte", ["CivilSociety"] = "société civile",
        ["CommunityProtectionCommittee"] = "comité local de protection",
        ["Pko"] = "opération de maintien de la paix", ["Spm"] = "mission politique spéciale",
        ["Regional"] = "régionale",
        ["Planner"] = "planificateur", ["Reviewer"] = "examinateur", ["HeadOfMission"] = "chef de mission",
        ["Controller"] = "contrôleur", ["Player"] = "joueur", ["Observer"] = "observateur",
        ["HqReviewer"] = "examinateur au Siège", ["Administrator"] = "administrateur", ["Director"] = "directeur",
        ["Evaluator"] = "évaluateur",
    };

    private static readonly Dictionary<string, Term> ByEnglish = Terms.ToDictionary(t => t.English);

    /// <summary>The French noun of an English term, in the form a sentence uses.</summary>
    public static string French(string english) => ByEnglish[english] is var term ? term.Noun ?? term.French : "";

    /// <summary>The French noun of an English term with its definite article: "la menace", "l'activité", "le
    /// mécanisme de coordination".</summary>
    public static string TheFrench(string english) => The(ByEnglish[english]);

    public static string The(Term term)
    {
        var noun = term.Noun ?? term.French;
        return "aeéèêiouAEÉIOU".Contains(noun[0]) ? $"l’{noun}" : $"{(term.Feminine ? "la" : "le")} {noun}";
    }
}

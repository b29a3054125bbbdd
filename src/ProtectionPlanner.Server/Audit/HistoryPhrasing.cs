using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ProtectionPlanner.Server.Languages;
using static ProtectionPlanner.Server.Languages.Glossary;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// The words of history sentences in one language: the shapes of the sentences (with {placeholders}), field labels,
/// item nouns, verbs, values, dates and numbers. <see cref="HistorySentence"/> is the grammar both languages share;
/// French takes its domain vocabulary from the <see cref="Glossary"/>.
/// </summary>
public sealed partial class HistoryPhrasing
{
    public required Language Language { get; init; }
    public required IReadOnlyDictionary<string, string> Shapes { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required IReadOnlyDictionary<string, string> Nouns { get; init; }
    public required IReadOnlyDictionary<string, string> Added { get; init; }
    public required IReadOnlyDictionary<string, string> Removed { get; init; }
    public required string[] Months { get; init; }
    public required NumberFormatInfo Numbers { get; init; }

    /// <summary>A closed set's value in words, by the field's last path segment and the value's name.</summary>
    public required Func<string, string, string> Named { get; init; }

    /// <summary>A field's label, by its path without the item's wrapper.</summary>
    public required Func<string, string> Label { get; init; }

    public string Noun(string kind) => Nouns.GetValueOrDefault(kind, kind);

    public string Quote(string? text) => Language == Language.Fr ? $"« {text} »" : $"'{text}'";

    public string Number(decimal value) => value.ToString("#,0.##", Numbers);

    public string Date(DateOnly date) => $"{date.Day} {Months[date.Month - 1]} {date.Year}";

    /// <summary>The sentence of <paramref name="shape"/> with its placeholders filled; in French "de le" and "à les"
    /// contract to "du" and "aux" where a value with its article follows the preposition.</summary>
    public string Say(string shape, params (string Name, object? Value)[] values)
    {
        var text = Shapes[shape];
        var output = new StringBuilder(text.Length + 64);
        var at = 0;
        foreach (Match slot in Slot().Matches(text))
        {
            output.Append(text, at, slot.Index - at);
            at = slot.Index + slot.Length;
            var value = Convert.ToString(values.First(v => v.Name == slot.Groups[1].Value).Value,
                CultureInfo.InvariantCulture) ?? "";
            output.Append(Language == Language.Fr ? Contracted(output, value) : value);
        }
        return output.Append(text, at, text.Length - at).ToString();
    }

    private static string Contracted(StringBuilder before, string value)
    {
        var article = value.StartsWith("le ", StringComparison.Ordinal) ? "le "
            : value.StartsWith("les ", StringComparison.Ordinal) ? "les " : null;
        if (article is null) return value;
        foreach (var (preposition, le, les) in new[] { ("de ", "du ", "des "), ("à ", "au ", "aux ") })
            if (before.Length >= preposition.Length
                && before.ToString(before.Length - preposition.Length, preposition.Length) == preposition)
            {
                before.Length -= preposition.Length;
                return (article == "le " ? le : les) + value[article.Length..];
            }
        return value;
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex Slot();

    public static HistoryPhrasing Of(Language language) => language == Language.Fr ? French : English;

    private static readonly Dictionary<string, string> Acronyms = new()
    {
        ["poc"] = "POC", ["hq"] = "HQ", ["un"] = "UN", ["jmac"] = "JMAC", ["joc"] = "JOC", ["ddr"] = "DDR",
        ["pko"] = "PKO", ["spm"] = "SPM",
    };

    /// <summary>camelCase or PascalCase as words: "hostStateCapacity" → "host state capacity", "PocUnit" → "POC
    /// unit".</summary>
    public static string Words(string text)
    {
        var words = string.Concat(text.Select((c, i) =>
            char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
        return string.Join(' ', words.Split(' ').Select(w => Acronyms.GetValueOrDefault(w, w)));
    }

    private static readonly Dictionary<string, string> Tiers = new()
    {
        ["Dialogue"] = "tier I (dialogue and engagement)", ["PhysicalProtection"] = "tier II (physical protection)",
        ["ProtectiveEnvironment"] = "tier III (protective environment)",
    };

    private static readonly Dictionary<string, string> EnglishLabels = new()
    {
        ["perpetrator.name"] = "perpetrator", ["perpetrator.intent"] = "perpetrator's intent",
        ["perpetrator.capability"] = "perpetrator's capability", ["civiliansAtRisk.group"] = "civilians at risk",
        ["civiliansAtRisk.sexAndAge"] = "sex and age of the civilians at risk",
        ["civiliansAtRisk.displacement"] = "displacement", ["areaId"] = "area",
        ["timeWindow"] = "time window or trigger", ["hostStateCapacity"] = "host state's capacity to protect",
        ["hostStateWillingness"] = "host state's will to protect",
        ["otherProtectionActors"] = "other protection actors",
        ["reviewDate"] = "review date", ["objectiveId"] = "objective", ["threatIds"] = "threats answered",
        ["start"] = "start date", ["end"] = "end date", ["supportedSecurityForce"] = "supported non-UN security force",
        ["meetingFrequency"] = "meeting rhythm", ["termsOfReference"] = "terms of reference",
        ["areaIds"] = "areas of operation",
        ["alertPath"] = "alert path", ["optionsConsidered"] = "options considered", ["decidedOn"] = "decision date",
        ["decidedBy"] = "decider", ["recipientPartnerId"] = "recipient", ["activityId"] = "activity handed over",
        ["capacity.personnel"] = "personnel capacity", ["capacity.assets"] = "assets", ["hostState"] = "host state",
        ["dueDiligence"] = "due-diligence assessment",
        ["dueDiligence.assessment.supportedForce"] = "force the due-diligence assessment covers",
        ["dueDiligence.assessment.risk"] = "due-diligence risk",
        ["dueDiligence.assessment.risksIdentified"] = "risks identified in due diligence",
        ["dueDiligence.assessment.mitigations"] = "due-diligence mitigations",
        ["dueDiligence.assessment.conclusion"] = "due-diligence conclusion",
        ["dueDiligence.assessment.assessedOn"] = "due-diligence assessment date",
    };

    private static readonly HistoryPhrasing English = new()
    {
        Language = Language.En,
        Shapes = new Dictionary<string, string>
        {
            ["drafted"] = "{actor} drafted the strategy {title}", ["recorded-event"] = "recorded {event}",
            ["reason"] = ": {reason}", ["added"] = "{verb} {name}{details}", ["removed"] = "{verb} {name}",
            ["renamed-strategy"] = "renamed the strategy from {before} to {after}",
            ["resolved"] = "resolved the thread of {name}", ["reconfirmed"] = "re-confirmed {name}",
            ["renamed"] = "renamed {name} to {now}", ["closed"] = "closed {name}{because}",
            ["reopened"] = "reopened {name}{because}",
            ["raised"] = "raised the {label} of {name} from {from} to {to}",
            ["lowered"] = "lowered the {label} of {name} from {from} to {to}",
            ["recorded"] = "recorded the {label} of {name}", ["changed"] = "changed the {label} of {name}",
            ["removed-field"] = "removed the {label} of {name}", ["cleared"] = "cleared the {label} of {name}",
            ["was"] = " (was {old})", ["rewrote"] = "rewrote the {label} of {name}",
            ["set"] = "set the {label} of {name} to {now}", ["changed-to"] = "changed the {label} of {name} to {now}",
            ["changed-from-to"] = "changed the {label} of {name} from {old} to {now}",
            ["answers"] = "changed which threats {name} answers", ["answers-count"] = " (from {old} to {now})",
            ["list-added"] = "added {added} to the {label} of {name}",
            ["list-removed"] = "took {removed} off the {label} of {name}",
            ["list-both"] = "added {added} to and took {removed} off the {label} of {name}",
            ["list-count"] = "changed the {label} of {name} from {old} to {now}",
            ["assigned"] = "assigned {component} to {name} {role}{commitment}",
            ["role-Lead"] = "as lead", ["role-Supporting"] = "as in support",
            ["made-Lead"] = "made {component} lead of {name}",
            ["made-Supporting"] = "made {component} in support of {name}",
            ["raised-personnel"] = "raised the personnel {component} commits to {name} from {from} to {to}",
            ["lowered-personnel"] = "lowered the personnel {component} commits to {name} from {from} to {to}",
            ["raised-asset"] = "raised the {asset} {component} commits to {name} from {from} to {to}",
            ["lowered-asset"] = "lowered the {asset} {component} commits to {name} from {from} to {to}",
            ["took-off"] = "took {component} off {name}", ["commitment"] = " with {parts}",
            ["personnel"] = "{count} personnel", ["one-person"] = "{count} personnel", ["asset"] = "{count} {asset}",
            ["counted-on"] = "counted on {partner} for {name}{contribution}",
            ["contribution-changed"] = "changed what {name} counts on {partner} for{contribution}",
            ["stopped-counting"] = "stopped counting on {partner} for {name}",
            ["former-partner"] = "a former partner", ["a-component"] = "a component",
            ["threat-details"] = " (likelihood {likelihood}, impact {impact})",
            ["activity-details"] = " in {tier}, {phase}",
            ["the-strategy"] = "the strategy", ["revision-of"] = "revision {revision} of the strategy",
            ["returned-opened"] = "returned the strategy for revision, which opened revision {revision}",
            ["returned"] = "returned {of} for revision", ["submitted"] = "submitted {of} for review",
            ["endorsed"] = "endorsed {of}", ["approved"] = "approved {of}",
            ["reviewed-at-hq"] = "recorded the HQ review of {of}", ["opened"] = "opened {of}",
            ["moved"] = "moved the strategy from {from} to {to}", ["nothing"] = "nothing",
            ["yes"] = "yes", ["no"] = "no",
        },
        Labels = EnglishLabels,
        Nouns = new Dictionary<string, string>
        {
            ["earlyWarning"] = "early-warning arrangement", ["decision"] = "decision on a tension",
            ["forum"] = "coordination forum",
            ["handover"] = "hand-over", ["overview"] = "the overview", ["mission"] = "the mission",
            ["area"] = "area of operation",
        },
        Added = new Dictionary<string, string>
        {
            ["threat"] = "identified", ["activity"] = "planned", ["forum"] = "established",
            ["earlyWarning"] = "defined", ["decision"] = "recorded", ["handover"] = "planned",
            ["improvement"] = "adopted", [""] = "added",
        },
        Removed = new Dictionary<string, string>
        {
            ["forum"] = "dissolved", ["earlyWarning"] = "retired", ["decision"] = "withdrew", [""] = "removed",
        },
        Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        // 9,800: the invariant culture's separators are the English ones.
        Numbers = NumberFormatInfo.InvariantInfo,
        Named = (leaf, value) =>
            leaf == "tier" && Tiers.TryGetValue(value, out var tier) ? tier
            : value == "PreEmption" ? "pre-emption" : Words(value),
        Label = path => EnglishLabels.GetValueOrDefault(path) ?? Words(path[(path.LastIndexOf('.') + 1)..]),
    };

    private static readonly Dictionary<string, string> FrenchLabels = new()
    {
        ["title"] = "le titre", ["description"] = "la description", ["category"] = "la catégorie",
        ["likelihood"] = TheFrench("likelihood"), ["impact"] = TheFrench("impact"), ["location"] = "le lieu",
        ["areaId"] = TheFrench("area"), ["timeWindow"] = "la période ou l’élément déclencheur",
        ["perpetrator.name"] = TheFrench("perpetrator"), ["perpetrator.intent"] = "l’intention de l’auteur",
        ["perpetrator.capability"] = "la capacité de l’auteur", ["civiliansAtRisk.group"] = "les civils à risque",
        ["civiliansAtRisk.sexAndAge"] = "le sexe et l’âge des civils à risque",
        ["civiliansAtRisk.displacement"] = "le déplacement", ["trend"] = "la tendance", ["priority"] = "la priorité",
        ["hostStateCapacity"] = "la capacité de l’État hôte à protéger",
        ["hostStateWillingness"] = "la volonté de l’État hôte de protéger",
        ["otherProtectionActors"] = "les autres acteurs de protection", ["reviewDate"] = "la date de réexamen",
        ["source"] = "la source", ["confidence"] = "le degré de confiance", ["status"] = "le statut",
        ["objectiveId"] = TheFrench("objective"), ["threatIds"] = "les menaces traitées",
        ["tier"] = TheFrench("tier"), ["phase"] = TheFrench("phase"), ["start"] = "la date de début",
        ["end"] = "la date de fin", ["indicator"] = TheFrench("indicator"), ["indicators"] = "les indicateurs",
        ["supportedSecurityForce"] = "la force de sécurité non onusienne appuyée",
        ["dueDiligence"] = TheFrench("due-diligence assessment"),
        ["dueDiligence.assessment.supportedForce"] = "la force couverte par l’évaluation de diligence voulue",
        ["dueDiligence.assessment.risk"] = "le risque relevé par l’évaluation de diligence voulue",
        ["dueDiligence.assessment.risksIdentified"] = "les risques recensés par l’évaluation de diligence voulue",
        ["dueDiligence.assessment.mitigations"] = "les mesures d’atténuation de l’évaluation de diligence voulue",
        ["dueDiligence.assessment.conclusion"] = "la conclusion de l’évaluation de diligence voulue",
        ["dueDiligence.assessment.assessedOn"] = "la date de l’évaluation de diligence voulue",
        ["name"] = "le nom", ["level"] = "le niveau", ["chair"] = "la présidence", ["members"] = "les membres",
        ["meetingFrequency"] = "le rythme des réunions", ["termsOfReference"] = "le cadre de référence",
        ["kind"] = "le type", ["coverage"] = "la couverture", ["areaIds"] = "les zones d’opération",
        ["alertPath"] = "le circuit d’une alerte", ["tension"] = "la tension", ["question"] = "la question",
        ["optionsConsidered"] = "les options envisagées", ["decision"] = "la décision",
        ["rationale"] = "la justification", ["decidedOn"] = "la date de la décision", ["decidedBy"] = "le décideur",
        ["recipientPartnerId"] = "le destinataire", ["activityId"] = "l’activité transférée",
        ["purpose"] = "l’objet", ["scope"] = "la portée", ["principles"] = "les principes",
        ["capacity.personnel"] = "la capacité en personnel", ["capacity.assets"] = "les moyens",
        ["hostState"] = TheFrench("host state"), ["acronym"] = "le sigle", ["mandate"] = "le mandat",
        ["text"] = "le texte", ["resolved"] = "la résolution", ["owner"] = "le responsable", ["due"] = "l’échéance",
        ["reason"] = "le motif", ["exerciseName"] = TheFrench("exercise"), ["gap"] = TheFrench("gap"),
        ["stage"] = "l’étape", ["revision"] = TheFrench("revision"), ["contribution"] = "la contribution",
        ["baseline"] = "la situation de référence", ["target"] = "la cible",
        ["resultsFrameworkLink"] = "le lien au cadre de résultats",
    };

    private static readonly HistoryPhrasing French = new()
    {
        Language = Language.Fr,
        Shapes = new Dictionary<string, string>
        {
            ["drafted"] = "{actor} a rédigé la stratégie {title}",
            ["recorded-event"] = "a enregistré une modification",
            ["reason"] = " : {reason}", ["added"] = "{verb} {name}{details}", ["removed"] = "{verb} {name}",
            ["renamed-strategy"] = "a renommé la stratégie {before} en {after}",
            ["resolved"] = "a résolu le fil de discussion de {name}", ["reconfirmed"] = "a reconfirmé {name}",
            ["renamed"] = "a renommé {name} en {now}", ["closed"] = "a clos {name}{because}",
            ["reopened"] = "a rouvert {name}{because}",
            ["raised"] = "a relevé {label} de {name} de {from} à {to}",
            ["lowered"] = "a abaissé {label} de {name} de {from} à {to}",
            ["recorded"] = "a consigné {label} de {name}", ["changed"] = "a modifié {label} de {name}",
            ["removed-field"] = "a supprimé {label} de {name}", ["cleared"] = "a effacé {label} de {name}",
            ["was"] = " (auparavant {old})", ["rewrote"] = "a réécrit {label} de {name}",
            ["set"] = "a fixé {label} de {name} à {now}", ["changed-to"] = "a changé {label} de {name} en {now}",
            ["changed-from-to"] = "a changé {label} de {name} de {old} en {now}",
            ["answers"] = "a modifié les menaces auxquelles répond {name}", ["answers-count"] = " (de {old} à {now})",
            ["list-added"] = "a ajouté {added} à {label} de {name}",
            ["list-removed"] = "a retiré {removed} de {label} de {name}",
            ["list-both"] = "a ajouté {added} à {label} de {name} et en a retiré {removed}",
            ["list-count"] = "a modifié {label} de {name} (de {old} à {now})",
            ["assigned"] = "a affecté {component} à {name} {role}{commitment}",
            ["role-Lead"] = "comme chef de file", ["role-Supporting"] = "en appui",
            ["made-Lead"] = "a désigné {component} chef de file de {name}",
            ["made-Supporting"] = "a placé {component} en appui de {name}",
            ["raised-personnel"] = "a relevé le personnel que {component} engage pour {name} de {from} à {to}",
            ["lowered-personnel"] = "a abaissé le personnel que {component} engage pour {name} de {from} à {to}",
            ["raised-asset"] = "a relevé le nombre de {asset} que {component} engage pour {name} de {from} à {to}",
            ["lowered-asset"] = "a abaissé le nombre de {asset} que {component} engage pour {name} de {from} à {to}",
            ["took-off"] = "a retiré {component} de {name}", ["commitment"] = " avec {parts}",
            ["personnel"] = "{count} personnes", ["one-person"] = "{count} personne", ["asset"] = "{count} {asset}",
            ["counted-on"] = "a compté sur {partner} pour {name}{contribution}",
            ["contribution-changed"] = "a modifié ce que {name} attend de {partner}{contribution}",
            ["stopped-counting"] = "a cessé de compter sur {partner} pour {name}",
            ["former-partner"] = "un ancien partenaire", ["a-component"] = "une composante",
            ["threat-details"] = " (probabilité {likelihood}, impact {impact})",
            ["activity-details"] = " au {tier}, en phase de {phase}",
            ["the-strategy"] = "la stratégie", ["revision-of"] = "la révision {revision} de la stratégie",
            ["returned-opened"] = "a renvoyé la stratégie pour révision, ce qui a ouvert la révision {revision}",
            ["returned"] = "a renvoyé {of} pour révision", ["submitted"] = "a soumis {of} pour examen",
            ["endorsed"] = "a entériné {of}", ["approved"] = "a approuvé {of}",
            ["reviewed-at-hq"] = "a consigné l’examen de {of} par le Siège", ["opened"] = "a ouvert {of}",
            ["moved"] = "a fait passer la stratégie de l’étape {from} à l’étape {to}", ["nothing"] = "aucune",
            ["yes"] = "oui", ["no"] = "non",
        },
        Labels = FrenchLabels,
        Nouns = new Dictionary<string, string>
        {
            ["threat"] = TheFrench("threat"), ["activity"] = TheFrench("activity"),
            ["forum"] = TheFrench("coordination forum"), ["earlyWarning"] = TheFrench("early-warning arrangement"),
            ["decision"] = TheFrench("decision on a tension"), ["handover"] = TheFrench("hand-over/transition"),
            ["overview"] = TheFrench("overview"), ["mission"] = TheFrench("mission"),
            ["area"] = TheFrench("area of operation"), ["objective"] = TheFrench("objective"),
            ["component"] = TheFrench("component"), ["partner"] = TheFrench("partner"),
            ["comment"] = TheFrench("comment"), ["improvement"] = TheFrench("improvement"),
        },
        Added = new Dictionary<string, string>
        {
            ["threat"] = "a identifié", ["activity"] = "a planifié", ["forum"] = "a établi",
            ["earlyWarning"] = "a défini", ["decision"] = "a consigné", ["handover"] = "a planifié",
            ["improvement"] = "a adopté", [""] = "a ajouté",
        },
        Removed = new Dictionary<string, string>
        {
            ["forum"] = "a dissous", ["earlyWarning"] = "a retiré", ["decision"] = "a retiré", [""] = "a supprimé",
        },
        Months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        // 9 800 and 2,5, written here: the server runs with invariant globalization, without French data.
        Numbers = new NumberFormatInfo { NumberGroupSeparator = "\u202f", NumberDecimalSeparator = "," },
        Named = (_, value) => Values.GetValueOrDefault(value) ?? Words(value),
        Label = path => FrenchLabels.GetValueOrDefault(path)
            ?? FrenchLabels.GetValueOrDefault(path[(path.LastIndexOf('.') + 1)..])
            ?? $"le champ {Words(path[(path.LastIndexOf('.') + 1)..])}",
    };
}

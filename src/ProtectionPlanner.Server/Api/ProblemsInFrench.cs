using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Languages;
using static ProtectionPlanner.Server.Languages.Glossary;

namespace ProtectionPlanner.Server.Api;

/// <summary>
/// The French of the problems the API returns: every title, by the problem's type; the detail of the refusals
/// people meet most (business rules, state conflicts, forbidden, not found, item conflict, stale version, field
/// validation), from the refusal's code and facts. A detail with no French here stays in English.
/// </summary>
public static partial class ProblemsInFrench
{
    private static readonly Dictionary<string, string> Titles = new()
    {
        ["validation"] = "Requête invalide", ["too-large"] = "Corps de requête trop volumineux",
        ["unsupported-media-type"] = "Type de contenu non pris en charge", ["bad-request"] = "Requête incorrecte",
        ["forbidden"] = "Action non autorisée", ["not-found"] = "Introuvable",
        ["state-conflict"] = "Incompatible avec l’état actuel", ["precondition-failed"] = "Version périmée",
        ["idempotency-key-reused"] = "Clé d’idempotence réutilisée",
        ["rule-violated"] = "Refusé par une règle de gestion", ["busy"] = "Trop de modifications simultanées",
        ["unavailable"] = "Base de données indisponible", ["rate-limited"] = "Trop de requêtes",
        ["precondition-required"] = "If-Match requis", ["view-behind"] = "Vue pas encore à cette version",
        ["unauthenticated"] = "Authentification requise", ["method-not-allowed"] = "Méthode non autorisée",
    };

    /// <summary>What a not-found or conflicting item is, as the refusals name it in English.</summary>
    private static readonly Dictionary<string, Term> Things = new()
    {
        ["Activity"] = Find("activity"), ["Area of operation"] = Find("area of operation"),
        ["Assignment"] = new("assignment", "affectation", true), ["Comment"] = Find("comment"),
        ["Component"] = Find("component"), ["Decision"] = Find("decision on a tension"),
        ["Due diligence assessment"] = Find("due-diligence assessment"), ["Exercise"] = Find("exercise"),
        ["Gap"] = Find("gap"), ["Improvement"] = Find("improvement"), ["Inject"] = new("inject", "inject"),
        ["Lead of activity"] = new("lead of activity", "chef de file de l’activité"),
        ["Member"] = new("member", "membre"), ["Mission member"] = new("mission member", "membre de la mission"),
        ["Mission"] = Find("mission"), ["Objective"] = Find("objective"),
        ["Overview version"] = new("overview version", "version de la vue d’ensemble", true),
        ["Participant"] = new("participant", "participant"),
        ["Partner counted on by activity"] = new("partner counted on", "partenaire sollicité par l’activité"),
        ["Partner"] = Find("partner"), ["Strategy version"] = new("strategy version", "version de la stratégie", true),
        ["Strategy"] = Find("strategy"), ["Threat"] = Find("threat"), ["Version"] = new("version", "version", true),
        ["Forum"] = Find("coordination forum"), ["EarlyWarning"] = Find("early-warning arrangement"),
        ["Handover"] = Find("hand-over/transition"), ["Overview"] = Find("overview"),
        ["Threats"] = Find("threat"), ["Activities"] = Find("activity"), ["Objectives"] = Find("objective"),
    };

    /// <summary>French details by "state-conflict/code", "rule-violated/code" and "forbidden/code"; {names} are the
    /// refusal's facts.</summary>
    private static readonly Dictionary<string, string> Details = new()
    {
        ["state-conflict/strategy-under-review"] =
            "La stratégie est {stage} ; elle pourra de nouveau être modifiée quand un examinateur la renverra pour "
            + "révision.",
        ["state-conflict/strategy-approved"] =
            "La révision {revision} est {stage} et ne peut plus être modifiée ; ouvrez d’abord une nouvelle révision.",
        ["state-conflict/not-approved"] =
            "Le Siège examine une stratégie approuvée ; la révision {revision} est {stage}.",
        ["state-conflict/not-submitted"] =
            "Seule une stratégie soumise pour examen peut être entérinée ; la révision {revision} est {stage}.",
        ["state-conflict/not-endorsed"] =
            "Seule une stratégie entérinée peut être approuvée ; la révision {revision} est {stage}.",
        ["state-conflict/not-a-draft"] =
            "Seul un projet ou une stratégie renvoyée pour révision peut être soumis ; la révision {revision} est "
            + "{stage}.",
        ["state-conflict/revision-open"] =
            "La révision {revision} est {stage} ; une nouvelle révision s’ouvre à partir d’une stratégie approuvée.",
        ["state-conflict/nothing-to-return"] =
            "La révision {revision} est {stage} ; rien n’est en cours d’examen qui puisse être renvoyé.",
        ["state-conflict/not-your-step"] =
            "La stratégie est {stage} : la renvoyer revient maintenant au rôle {responsible}, non au rôle {acting}.",
        ["state-conflict/threat-closed"] = "La menace {threat} est close ; rouvrez-la pour la réévaluer.",
        ["state-conflict/already-assigned"] =
            "{component} est déjà la composante {role} de l’activité {activity} ; modifiez plutôt son engagement.",
        ["state-conflict/objective-in-use"] =
            "Les activités {activities} poursuivent cet objectif ; modifiez-les d’abord.",
        ["state-conflict/component-exists"] = "La mission a déjà une composante « {name} ».",
        ["state-conflict/partner-exists"] = "La mission a déjà un partenaire nommé « {name} ».",
        ["state-conflict/area-exists"] = "La mission a déjà une zone d’opération nommée « {name} ».",
        ["state-conflict/strategy-exists"] =
            "La mission {mission} a déjà une stratégie de protection des civils ; révisez-la plutôt.",
        ["state-conflict/reply-to-reply"] =
            "Répondez au premier commentaire du fil ; un fil de discussion n’a qu’un niveau.",
        ["state-conflict/thread-resolved"] = "Le fil de discussion est résolu : ouvrez-en un nouveau.",
        ["state-conflict/resolve-thread"] = "Résolvez le premier commentaire du fil, pas une réponse.",
        ["state-conflict/improvement-adopted"] =
            "Cette mesure d’amélioration de l’exercice « {exercise} » a été adoptée à la version {version} par {by}.",
        ["state-conflict/improvement-closed"] = "Cette mesure d’amélioration est {status} ; rouvrez-la d’abord.",
        ["state-conflict/improvement-has-activity"] =
            "Cette mesure d’amélioration est déjà devenue l’activité {activity}.",
        ["state-conflict/no-support-to-assess"] =
            "L’activité {activity} n’appuie aucune force de sécurité non onusienne ; indiquez d’abord la force "
            + "qu’elle appuie.",
        ["state-conflict/not-a-transition-partner"] =
            "{partner} n’est ni l’État hôte ni une agence de l’équipe de pays des Nations Unies.",
        ["state-conflict/exercise-ended"] =
            "L’exercice « {exercise} » est terminé ; son dossier ne peut plus changer, sauf pour le retour à chaud "
            + "(lacunes, mesures d’amélioration, observations).",
        ["state-conflict/exercise-not-started"] =
            "L’exercice « {exercise} » n’a pas commencé ; un contrôleur lance d’abord son horloge.",
        ["state-conflict/exercise-started"] = "L’exercice « {exercise} » a déjà commencé.",
        ["state-conflict/inject-released"] =
            "L’inject {inject} a été diffusé au temps de scénario {time} ; il ne peut plus changer.",
        ["state-conflict/inject-skipped"] = "L’inject {inject} a été écarté ; il ne peut plus changer.",
        ["state-conflict/director"] = "{user} dirige l’exercice « {exercise} ».",
        ["rule-violated/approval-blocked"] = "La stratégie ne peut pas être approuvée : {count} problème(s) à régler.",
        ["rule-violated/msel-full"] =
            "Une MSEL compte au plus {max} injects ; l’exercice « {exercise} » en compte {count}.",
        ["rule-violated/never-approved"] = "Cette stratégie n’a jamais été approuvée.",
        ["forbidden/permission"] = "{user} n’a pas le droit {permission}.",
        ["forbidden/permission-in-mission"] = "{user} n’a pas le droit {permission} dans la mission {mission}.",
        ["forbidden/exercise-role"] =
            "{user} ne peut pas faire cela dans l’exercice « {exercise} » : il faut le rôle d’exercice {roles}.",
    };

    /// <summary>Facts' values in French where they are names of a closed set.</summary>
    private static readonly Dictionary<string, string> FactValues = new()
    {
        ["stage:Draft"] = "à l’état de projet", ["role:Lead"] = "chef de file", ["role:Supporting"] = "d’appui",
        ["permission:ReadMission"] = "de lire", ["permission:RegisterMission"] = "d’enregistrer des missions",
        ["permission:ManageMembers"] = "de gérer les membres",
        ["permission:EditMissionProfile"] = "de modifier le profil de la mission",
        ["permission:EditStrategy"] = "de modifier la stratégie",
        ["permission:SubmitStrategy"] = "de soumettre la stratégie",
        ["permission:EndorseStrategy"] = "d’entériner la stratégie",
        ["permission:ApproveStrategy"] = "d’approuver la stratégie",
        ["permission:ReviewStrategyAtHq"] = "d’examiner la stratégie pour le Siège",
        ["permission:Comment"] = "de commenter la stratégie",
        ["permission:RunExercises"] = "de conduire des exercices",
        ["permission:ReturnStrategyForRevision"] = "de renvoyer la stratégie pour révision",
    };

    /// <summary>Field errors: each English message's shape and its French.</summary>
    private static readonly (Regex English, string French)[] FieldErrors =
    [
        (new("^is required\\.$"), "est obligatoire."),
        (new("^is longer than (\\d+) characters\\.$"), "dépasse $1 caractères."),
        (new("^must be from (-?[\\d.]+) to (-?[\\d.]+)\\.$"), "doit être compris entre $1 et $2."),
        (new("^must be a whole number from (-?\\d+) to (-?\\d+)\\.$"), "doit être un nombre entier de $1 à $2."),
        (new("^must be one of (.+)\\.$"), "doit être l’une des valeurs : $1."),
        (new("^has more than (\\d+) entries\\.$"), "compte plus de $1 entrées."),
        (new("^must be a date as yyyy-mm-dd\\.$"), "doit être une date au format aaaa-mm-jj."),
        (new("^must be an ISO 8601 date or moment\\.$"), "doit être une date ou un instant ISO 8601."),
        (new("^must be 'asc' or 'desc'\\.$"), "doit valoir « asc » ou « desc »."),
    ];

    private static Term Find(string english) => Terms.First(t => t.English == english);

    private static string Capitalized(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Says <paramref name="problem"/> in French, in place; <paramref name="cause"/> is what was
    /// refused, when known.</summary>
    public static void Translate(ProblemDetails problem, Exception? cause)
    {
        var type = problem.Type?.Replace("/problems/", "", StringComparison.Ordinal) ?? "";
        var family = type.Split('/')[0];
        if (Titles.TryGetValue(family, out var title)) problem.Title = title;
        switch (cause)
        {
            case NotFound e when Things.TryGetValue(e.What, out var thing):
                problem.Title = $"{Capitalized(thing.Noun ?? thing.French)} introuvable";
                problem.Detail = $"{Capitalized(The(thing))} {e.Id} n’existe pas.";
                break;
            case NotFound e:
                problem.Detail = $"L’élément {e.Id} n’existe pas.";
                break;
            case ItemConflict e:
                var kind = Things.GetValueOrDefault(e.ItemKind);
                var changed = kind?.Feminine == true ? "modifiée" : "modifié";
                problem.Title = kind is null ? "Modifié entre-temps"
                    : $"{Capitalized(kind.Noun ?? kind.French)} {changed} entre-temps";
                if (kind is not null)
                    problem.Detail = $"{Capitalized(The(kind))} {e.ItemId} a été {changed} par {e.Current.ChangedBy} "
                        + $"(version {e.Current.Version}) après la version {e.ExpectedVersion} que vous modifiiez.";
                break;
            case PreconditionFailed e:
                problem.Detail = $"La ressource est à la version {e.CurrentVersion}, et non à celle sur laquelle "
                    + "votre requête se fondait.";
                break;
            case IdempotencyKeyReused:
                problem.Detail = "Cette clé d’idempotence a déjà servi pour une autre requête.";
                break;
            case StateConflict e when e.Code.EndsWith("-exists", StringComparison.Ordinal)
                && !Details.ContainsKey(type):
                problem.Detail = "Un élément portant cet identifiant existe déjà.";
                break;
            case DomainException e:
                problem.Detail = Say(type, e.Facts) ?? problem.Detail;
                break;
            case Forbidden { Code: { } code } e:
                problem.Detail = Say($"forbidden/{code}", e.Facts) ?? problem.Detail;
                break;
        }
        if (type == "busy")
            problem.Detail = "La stratégie a continué de changer pendant que cette commande attendait son tour ; "
                + "réessayez sous peu.";
        if (type == "unavailable") problem.Detail = "La base de données est injoignable ; réessayez sous peu.";
        if (type == "rate-limited" && problem.Extensions.TryGetValue("retryAfterSeconds", out var seconds))
            problem.Detail = "Trop de requêtes de ce type au cours de la dernière minute ; "
                + $"réessayez dans {seconds} s.";
        if (problem is ValidationProblemDetails validation) Translate(validation);
    }

    private static void Translate(ValidationProblemDetails problem)
    {
        foreach (var field in problem.Errors.Keys.ToList())
            problem.Errors[field] = problem.Errors[field].Select(FieldError).ToArray();
        problem.Detail = string.Join(" ", problem.Errors.Select(e => $"{e.Key} : {string.Join(" ", e.Value)}"));
    }

    private static string FieldError(string english) =>
        FieldErrors.FirstOrDefault(f => f.English.IsMatch(english)) is { English: { } shape } error
            ? shape.Replace(english, error.French)
            : english;

    /// <summary>The French detail of <paramref name="key"/> with its facts; null when there is none or a fact it
    /// names is missing.</summary>
    private static string? Say(string key, IReadOnlyDictionary<string, string> facts)
    {
        if (!Details.TryGetValue(key, out var shape)) return null;
        var missing = false;
        var said = Slot().Replace(shape, slot =>
        {
            var name = slot.Groups[1].Value;
            if (!facts.TryGetValue(name, out var value)) missing = true;
            return value is null ? "" : FactValue(name, value);
        });
        return missing ? null : said;
    }

    private static string FactValue(string name, string value) =>
        FactValues.GetValueOrDefault($"{name}:{value}")
        ?? (name is "stage" or "status" or "responsible" or "acting" or "roles"
            ? string.Join(" ou ", value.Split(',').Select(v => Values.GetValueOrDefault(v) ?? v))
            : value);

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex Slot();
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProtectionPlanner.Server.Languages;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// What a view change did, as a sentence a reviewer reads: "planner2 raised the likelihood of threat T-07 'Armed group
/// attacks on Bentiu market' from 3 to 4: 'new JMAC report'". Fields are named by their labels and values are
/// written in words (dates as 7 Dec 2026, tiers and phases by name); ids and raw paths never appear. Pure: from the
/// items before and after. One grammar for every language: <see cref="HistoryPhrasing"/> holds each one's words.
/// </summary>
public static partial class HistorySentence
{
    /// <summary>Changes that follow from others (coherence) are not told again.</summary>
    private static readonly HashSet<string> Derived = ["coverage", "workload", "finding"];

    /// <summary>Fields that only repeat another (risk follows likelihood and impact) or are bookkeeping.</summary>
    private static readonly HashSet<string> Repeats =
        ["assessment.riskScore", "assessment.risk", "details.isActive", "code", "id", "closureReason", "resolvedBy"];

    /// <summary>Fields holding a closed set of names (written in words), as opposed to free text.</summary>
    private static readonly HashSet<string> Named =
    [
        "category", "trend", "priority", "confidence", "hostStateCapacity", "hostStateWillingness",
        "civiliansAtRisk.displacement", "tier", "phase", "status", "level", "kind", "tension", "role",
        "dueDiligence.assessment.risk", "dueDiligence.assessment.conclusion",
    ];

    private const int Shown = 80;

    /// <summary>The sentence in English, the language the history is stored in and the API's default.</summary>
    public static string Of(
        string actor, string? reason, string eventType, IReadOnlyList<(ItemChange Change, JsonNode? Before)> items) =>
        Of(Language.En, actor, reason, eventType, items);

    public static string Of(Language language, string actor, string? reason, string eventType,
        IReadOnlyList<(ItemChange Change, JsonNode? Before)> items)
    {
        var p = HistoryPhrasing.Of(language);
        if (items.Any(i => i.Change.Id is null) && items.All(i => i.Before is null)) // the view's first version
        {
            var title = items.FirstOrDefault(i => i.Change.Kind == "title").Change?.Item;
            return p.Say("drafted", ("actor", actor), ("title", p.Quote(Text(title)))) + Reason(p, reason);
        }
        var parts = items.Where(i => !Derived.Contains(i.Change.Kind))
            .SelectMany(i => Parts(p, i.Change, i.Before, eventType))
            .Where(part => part.Length > 0).Distinct().ToList();
        var what = parts.Count == 0
            ? p.Say("recorded-event", ("event", eventType.Replace('_', ' ')))
            : string.Join("; ", parts);
        return $"{actor} {what}{Reason(p, reason)}";
    }

    private static string Reason(HistoryPhrasing p, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "" : p.Say("reason", ("reason", p.Quote(reason)));

    private static IEnumerable<string> Parts(HistoryPhrasing p, ItemChange change, JsonNode? before, string eventType)
    {
        var item = change.Item ?? before;
        var name = Name(p, change.Kind, item);
        switch (change.Op)
        {
            case "added":
                var verb = p.Added.GetValueOrDefault(change.Kind) ?? p.Added[""];
                yield return p.Say("added", ("verb", verb), ("name", name),
                    ("details", AddedDetails(p, change.Kind, change.Item)));
                yield break;
            case "removed":
                yield return p.Say("removed", ("verb", p.Removed.GetValueOrDefault(change.Kind) ?? p.Removed[""]),
                    ("name", name));
                yield break;
        }
        switch (change.Kind)
        {
            case "lifecycle":
                yield return Lifecycle(p, before, change.Item, eventType);
                yield break;
            case "title":
                yield return p.Say("renamed-strategy",
                    ("before", p.Quote(Text(before))), ("after", p.Quote(Text(change.Item))));
                yield break;
            case "comment" when Resolved(change.Item):
                yield return p.Say("resolved", ("name", name));
                yield break;
        }
        var fields = PlanHistory.Fields(before, change.Item, "").Where(f => !Repeats.Contains(f.Path)).ToList();
        if (fields.Count == 0)
        {
            yield return p.Say("reconfirmed", ("name", name));
            yield break;
        }
        foreach (var field in fields)
        {
            var path = Unwrapped(field.Path);
            if (path is "title" or "name" && Text(field.Before) is { Length: > 0 }
                && Text(field.After) is { Length: > 0 } now)
            {
                yield return p.Say("renamed", ("name", Name(p, change.Kind, before)), ("now", p.Quote(now)));
                continue;
            }
            if (change.Kind == "threat" && path == "status")
                yield return p.Say(Text(field.After) == "Closed" ? "closed" : "reopened", ("name", name),
                    ("because", Because(item?["closureReason"])));
            else if (change.Kind == "activity" && path == "assignments")
                foreach (var part in Assignments(p, field.Before as JsonArray, field.After as JsonArray, name))
                    yield return part;
            else if (change.Kind == "activity" && path == "partners")
                foreach (var part in Partners(p, field.Before as JsonArray, field.After as JsonArray, name))
                    yield return part;
            else yield return Field(p, path, field.Before, field.After, name);
        }
    }

    private static bool Resolved(JsonNode? comment) =>
        comment?["resolved"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>A field's path in words: without the item's wrapper, by its label.</summary>
    private static string Unwrapped(string path) =>
        path.StartsWith("assessment.", StringComparison.Ordinal) ? path["assessment.".Length..]
        : path.StartsWith("details.", StringComparison.Ordinal) ? path["details.".Length..]
        : path;

    private static string Field(HistoryPhrasing p, string path, JsonNode? before, JsonNode? after, string name)
    {
        var label = p.Label(path);
        string Say(string shape, params (string, object?)[] more) =>
            p.Say(shape, [("label", label), ("name", name), .. more]);
        if (Number(before) is { } from && Number(after) is { } to)
            return Say(to > from ? "raised" : "lowered", ("from", p.Number(from)), ("to", p.Number(to)));
        if (path == "threatIds") return Answers(p, before as JsonArray, after as JsonArray, name);
        if (before is JsonArray || after is JsonArray)
            return List(p, label, before as JsonArray, after as JsonArray, name);
        if (after is JsonObject) return Say(before is null ? "recorded" : "changed");
        if (before is JsonObject) return Say("removed-field");
        if (path.EndsWith("Id", StringComparison.Ordinal) || path.EndsWith("Ids", StringComparison.Ordinal))
            return Say(after is null ? "cleared" : "changed");
        var (old, now) = (Value(p, path, before), Value(p, path, after));
        if (now is null)
            return Say("cleared") + (old is { Length: <= Shown } ? p.Say("was", ("old", p.Quote(old))) : "");
        if (now.Length > Shown) return Say("rewrote");
        if (old is null) return Say("set", ("now", p.Quote(now)));
        return old.Length > Shown
            ? Say("changed-to", ("now", p.Quote(now)))
            : Say("changed-from-to", ("old", p.Quote(old)), ("now", p.Quote(now)));
    }

    private static string Answers(HistoryPhrasing p, JsonArray? before, JsonArray? after, string name)
    {
        var (old, now) = (before?.Count ?? 0, after?.Count ?? 0);
        return p.Say("answers", ("name", name))
            + (old == now ? "" : p.Say("answers-count", ("old", p.Number(old)), ("now", p.Number(now))));
    }

    /// <summary>A list field: the lines added and taken off when they are short texts, else how many there
    /// are.</summary>
    private static string List(HistoryPhrasing p, string label, JsonArray? before, JsonArray? after, string name)
    {
        var old = (before ?? []).Select(Text).ToList();
        var now = (after ?? []).Select(Text).ToList();
        var texts = (before ?? []).Concat(after ?? []).All(n => n is JsonValue);
        if (texts && old.Concat(now).All(t => t is { Length: <= Shown } && !Guid.TryParse(t, out _)))
        {
            var added = string.Join(", ", now.Except(old).Select(p.Quote));
            var removed = string.Join(", ", old.Except(now).Select(p.Quote));
            var count = now.Except(old).Count() + old.Except(now).Count();
            if (count is > 0 and <= 3)
                return p.Say(added.Length == 0 ? "list-removed" : removed.Length == 0 ? "list-added" : "list-both",
                    ("added", added), ("removed", removed), ("label", label), ("name", name));
        }
        return old.Count == now.Count
            ? p.Say("changed", ("label", label), ("name", name))
            : p.Say("list-count", ("label", label), ("name", name), ("old", p.Number(old.Count)),
                ("now", p.Number(now.Count)));
    }

    /// <summary>An activity's component assignments, compared by component: assigned, taken off, commitments
    /// changed.</summary>
    private static IEnumerable<string> Assignments(HistoryPhrasing p, JsonArray? before, JsonArray? after, string name)
    {
        static Dictionary<string, JsonNode> ByComponent(JsonArray? list) =>
            (list ?? []).OfType<JsonObject>().Where(a => a["componentId"] is not null)
                .ToDictionary(a => a["componentId"]!.ToString(), a => (JsonNode)a);
        var (old, now) = (ByComponent(before), ByComponent(after));
        foreach (var (id, assignment) in now)
        {
            var component = Component(p, assignment);
            var role = Text(assignment["role"]) == "Lead" ? "Lead" : "Supporting";
            if (!old.TryGetValue(id, out var was))
            {
                yield return p.Say("assigned", ("component", component), ("name", name),
                    ("role", p.Say($"role-{role}")), ("commitment", Commitment(p, assignment["commitment"])));
                continue;
            }
            if (Text(was["role"]) != Text(assignment["role"]))
                yield return p.Say($"made-{role}", ("component", component), ("name", name));
            var (from, to) = (was["commitment"], assignment["commitment"]);
            if (Number(from?["personnel"]) is { } p0 && Number(to?["personnel"]) is { } p1 && p0 != p1)
                yield return p.Say(p1 > p0 ? "raised-personnel" : "lowered-personnel", ("component", component),
                    ("name", name), ("from", p.Number(p0)), ("to", p.Number(p1)));
            var assets = Assets(from).Keys.Union(Assets(to).Keys);
            foreach (var asset in assets)
            {
                var (a0, a1) = (Assets(from).GetValueOrDefault(asset), Assets(to).GetValueOrDefault(asset));
                if (a0 != a1)
                    yield return p.Say(a1 > a0 ? "raised-asset" : "lowered-asset", ("asset", asset),
                        ("component", component), ("name", name), ("from", p.Number(a0)), ("to", p.Number(a1)));
            }
        }
        foreach (var (id, assignment) in old)
            if (!now.ContainsKey(id))
                yield return p.Say("took-off", ("component", Component(p, assignment)), ("name", name));
    }

    /// <summary>The partners an activity counts on, compared by partner: counted on, dropped, contribution
    /// changed.</summary>
    private static IEnumerable<string> Partners(HistoryPhrasing p, JsonArray? before, JsonArray? after, string name)
    {
        static Dictionary<string, JsonNode> ByPartner(JsonArray? list) =>
            (list ?? []).OfType<JsonObject>().Where(entry => entry["partnerId"] is not null)
                .ToDictionary(entry => entry["partnerId"]!.ToString(), entry => (JsonNode)entry);
        var (old, now) = (ByPartner(before), ByPartner(after));
        foreach (var (id, entry) in now)
        {
            var partner = Partner(p, entry);
            var contribution = Text(entry["contribution"]) is { Length: > 0 } text ? $" ({p.Quote(Cut(text))})" : "";
            if (!old.TryGetValue(id, out var was))
                yield return p.Say("counted-on", ("partner", partner), ("name", name), ("contribution", contribution));
            else if (Text(was["contribution"]) != Text(entry["contribution"]))
                yield return p.Say("contribution-changed", ("partner", partner), ("name", name),
                    ("contribution", contribution));
        }
        foreach (var (id, entry) in old)
            if (!now.ContainsKey(id))
                yield return p.Say("stopped-counting", ("partner", Partner(p, entry)), ("name", name));
    }

    private static string Partner(HistoryPhrasing p, JsonNode entry) =>
        entry["partnerName"]?.GetValue<string>() is { Length: > 0 } partner ? partner : p.Say("former-partner");

    /// <summary>A component's name is the planners' data: French quotes it, as it quotes titles (« … »), so it never
    /// reads as part of the sentence; the English, as before, names it bare.</summary>
    private static string Component(HistoryPhrasing p, JsonNode assignment) =>
        assignment["componentName"]?.GetValue<string>() is { Length: > 0 } component
            ? p.Language == Languages.Language.Fr ? p.Quote(component) : component
            : p.Say("a-component");

    private static Dictionary<string, decimal> Assets(JsonNode? commitment) =>
        (commitment?["assets"] as JsonArray ?? []).OfType<JsonObject>()
            .GroupBy(a => Text(a["name"]) ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(a => Number(a["quantity"]) ?? 0));

    private static string Commitment(HistoryPhrasing p, JsonNode? commitment)
    {
        var parts = new List<string>();
        if (Number(commitment?["personnel"]) is { } personnel && personnel > 0)
            parts.Add(p.Say(personnel == 1 ? "one-person" : "personnel", ("count", p.Number(personnel))));
        parts.AddRange(Assets(commitment).Where(a => a.Value > 0)
            .Select(a => p.Say("asset", ("count", p.Number(a.Value)), ("asset", a.Key))));
        return parts.Count == 0 ? "" : p.Say("commitment", ("parts", string.Join(", ", parts)));
    }

    /// <summary>What a new threat or activity is, in a few words.</summary>
    private static string AddedDetails(HistoryPhrasing p, string kind, JsonNode? item) => kind switch
    {
        "threat" when item?["assessment"] is { } a
            && Number(a["likelihood"]) is { } l && Number(a["impact"]) is { } i =>
            p.Say("threat-details", ("likelihood", p.Number(l)), ("impact", p.Number(i))),
        "activity" when item?["details"] is { } d =>
            p.Say("activity-details", ("tier", Value(p, "tier", d["tier"])), ("phase", Value(p, "phase", d["phase"]))),
        _ => "",
    };

    private static string Lifecycle(HistoryPhrasing p, JsonNode? before, JsonNode? after, string eventType)
    {
        var (from, to) = (Text(before?["stage"]), Text(after?["stage"]));
        var revision = Number(after?["revision"]) is { } number ? p.Number(number) : null;
        var of = revision is null ? p.Say("the-strategy") : p.Say("revision-of", ("revision", revision));
        if (eventType.Contains("returned", StringComparison.Ordinal) || to == "ReturnedForRevision")
            return to == "Draft" && revision is not null
                ? p.Say("returned-opened", ("revision", revision))
                : p.Say("returned", ("of", of));
        string Stage(string? stage) => stage is null ? p.Say("nothing") : p.Named("stage", stage);
        return to switch
        {
            "Submitted" => p.Say("submitted", ("of", of)),
            "Endorsed" => p.Say("endorsed", ("of", of)),
            "Approved" => p.Say("approved", ("of", of)),
            "ReviewedAtHq" => p.Say("reviewed-at-hq", ("of", of)),
            "Draft" when from is "Approved" or "ReviewedAtHq" => p.Say("opened", ("of", of)),
            _ => p.Say("moved", ("from", Stage(from)), ("to", Stage(to))),
        };
    }

    private static string Name(HistoryPhrasing p, string kind, JsonNode? item)
    {
        var label = p.Noun(kind);
        if (item is not JsonObject || kind is "overview" or "mission") return label;
        var code = item["code"]?.GetValue<string>();
        var title = (item["assessment"] ?? item["details"])?["title"] ?? item["details"]?["name"]
            ?? item["details"]?["question"] ?? item["name"]
            ?? Short(item["text"] ?? item["details"]?["description"]);
        return $"{label}{(code is null ? "" : $" {code}")}{(title is null ? "" : $" {p.Quote(Text(title))}")}";
    }

    private static JsonNode? Short(JsonNode? text) =>
        text?.GetValue<string>() is { } value
            ? JsonValue.Create(value.Length > 100 ? value[..97] + "..." : value)
            : null;

    private static string Because(JsonNode? reason) => Text(reason) is { Length: > 0 } text ? $" ({Cut(text)})" : "";

    private static string Cut(string text) => text.Length > Shown ? text[..(Shown - 3)] + "..." : text;

    private static string? Text(JsonNode? value) => value is JsonValue v ? v.ToString() : value?.ToJsonString();

    private static decimal? Number(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : null;

    /// <summary>A value in words: a name of a closed set as words, a date as 7 Dec 2026, yes or no; null when
    /// empty.</summary>
    private static string? Value(HistoryPhrasing p, string path, JsonNode? value)
    {
        if (value is not JsonValue v) return null;
        if (v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            return p.Say(v.GetValueKind() == System.Text.Json.JsonValueKind.True ? "yes" : "no");
        var text = v.ToString();
        if (text.Length == 0) return null;
        if (IsoDate().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var date))
            return p.Date(date);
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        return Named.Contains(path) || Named.Contains(leaf) ? p.Named(leaf, text) : text;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}

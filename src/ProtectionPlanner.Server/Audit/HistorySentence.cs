using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// What a view change did, as a sentence a reviewer reads: "planner2 raised the likelihood of threat T-07 'Armed group
/// attacks on Bentiu market' from 3 to 4: 'new JMAC report'". Fields are named by their labels and values are
/// written in words (dates as 7 Dec 2026, tiers and phases by name); ids and raw paths never appear. Pure: from the
/// items before and after.
/// </summary>
public static partial class HistorySentence
{
    /// <summary>Changes that follow from others (coherence) are not told again.</summary>
    private static readonly HashSet<string> Derived = ["coverage", "workload", "finding"];

    /// <summary>Fields that only repeat another (risk follows likelihood and impact) or are bookkeeping.</summary>
    private static readonly HashSet<string> Repeats =
        ["assessment.riskScore", "assessment.risk", "details.isActive", "code", "id", "closureReason", "resolvedBy"];

    /// <summary>Each field's label in a sentence, by its path without the item's wrapper (assessment,
    /// details).</summary>
    private static readonly Dictionary<string, string> Labels = new()
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

    /// <summary>Fields holding a closed set of names (written in words), as opposed to free text.</summary>
    private static readonly HashSet<string> Named =
    [
        "category", "trend", "priority", "confidence", "hostStateCapacity", "hostStateWillingness",
        "civiliansAtRisk.displacement", "tier", "phase", "status", "level", "kind", "tension", "role",
        "dueDiligence.assessment.risk", "dueDiligence.assessment.conclusion",
    ];

    private static readonly Dictionary<string, string> Nouns = new()
    {
        ["earlyWarning"] = "early-warning arrangement", ["decision"] = "decision on a tension",
        ["forum"] = "coordination forum",
        ["handover"] = "hand-over", ["overview"] = "the overview", ["mission"] = "the mission",
        ["area"] = "area of operation",
    };

    private static readonly Dictionary<string, string> Added = new()
    {
        ["threat"] = "identified", ["activity"] = "planned", ["forum"] = "established", ["earlyWarning"] = "defined",
        ["decision"] = "recorded", ["handover"] = "planned", ["improvement"] = "adopted",
    };

    private static readonly Dictionary<string, string> Removed = new()
    {
        ["forum"] = "dissolved", ["earlyWarning"] = "retired", ["decision"] = "withdrew",
    };

    private static readonly Dictionary<string, string> Tiers = new()
    {
        ["Dialogue"] = "tier I (dialogue and engagement)", ["PhysicalProtection"] = "tier II (physical protection)",
        ["ProtectiveEnvironment"] = "tier III (protective environment)",
    };

    private const int Shown = 80;

    public static string Of(
        string actor, string? reason, string eventType, IReadOnlyList<(ItemChange Change, JsonNode? Before)> items)
    {
        if (items.Any(i => i.Change.Id is null) && items.All(i => i.Before is null)) // the view's first version
        {
            var title = items.FirstOrDefault(i => i.Change.Kind == "title").Change?.Item;
            return $"{actor} drafted the strategy '{title}'{Reason(reason)}";
        }
        var parts = items.Where(i => !Derived.Contains(i.Change.Kind))
            .SelectMany(i => Parts(i.Change, i.Before, eventType))
            .Where(p => p.Length > 0).Distinct().ToList();
        var what = parts.Count == 0 ? $"recorded {eventType.Replace('_', ' ')}" : string.Join("; ", parts);
        return $"{actor} {what}{Reason(reason)}";
    }

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $": '{reason}'";

    private static IEnumerable<string> Parts(ItemChange change, JsonNode? before, string eventType)
    {
        var item = change.Item ?? before;
        var name = Name(change.Kind, item);
        switch (change.Op)
        {
            case "added":
                var verb = Added.GetValueOrDefault(change.Kind, "added");
                yield return $"{verb} {name}{AddedDetails(change.Kind, change.Item)}";
                yield break;
            case "removed":
                yield return $"{Removed.GetValueOrDefault(change.Kind, "removed")} {name}";
                yield break;
        }
        switch (change.Kind)
        {
            case "lifecycle":
                yield return Lifecycle(before, change.Item, eventType);
                yield break;
            case "title":
                yield return $"renamed the strategy from '{before}' to '{change.Item}'";
                yield break;
            case "comment" when Resolved(change.Item):
                yield return $"resolved the thread of {name}";
                yield break;
        }
        var fields = PlanHistory.Fields(before, change.Item, "").Where(f => !Repeats.Contains(f.Path)).ToList();
        if (fields.Count == 0)
        {
            yield return $"re-confirmed {name}";
            yield break;
        }
        foreach (var field in fields)
        {
            var path = Unwrapped(field.Path);
            if (path is "title" or "name" && Text(field.Before) is { Length: > 0 }
                && Text(field.After) is { Length: > 0 } now)
            {
                yield return $"renamed {Name(change.Kind, before)} to '{now}'";
                continue;
            }
            if (change.Kind == "threat" && path == "status")
            {
                var verb = Text(field.After) == "Closed" ? "closed" : "reopened";
                yield return $"{verb} {name}{Because(item?["closureReason"])}";
            }
            else if (change.Kind == "activity" && path == "assignments")
                foreach (var part in Assignments(field.Before as JsonArray, field.After as JsonArray, name))
                    yield return part;
            else if (change.Kind == "activity" && path == "partners")
                foreach (var part in Partners(field.Before as JsonArray, field.After as JsonArray, name))
                    yield return part;
            else yield return Field(path, field.Before, field.After, name);
        }
    }

    private static bool Resolved(JsonNode? comment) =>
        comment?["resolved"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>A field's path in words: without the item's wrapper, by its label.</summary>
    private static string Unwrapped(string path) =>
        path.StartsWith("assessment.", StringComparison.Ordinal) ? path["assessment.".Length..]
        : path.StartsWith("details.", StringComparison.Ordinal) ? path["details.".Length..]
        : path;

    private static string Label(string path) =>
        Labels.GetValueOrDefault(path) ?? Words(path[(path.LastIndexOf('.') + 1)..]);

    private static string Field(string path, JsonNode? before, JsonNode? after, string name)
    {
        var label = Label(path);
        if (Number(before) is { } from && Number(after) is { } to)
            return $"{(to > from ? "raised" : "lowered")} the {label} of {name} from {Format(from)} to {Format(to)}";
        if (path == "threatIds") return Answers(before as JsonArray, after as JsonArray, name);
        if (before is JsonArray || after is JsonArray)
            return List(label, before as JsonArray, after as JsonArray, name);
        if (after is JsonObject)
            return before is null ? $"recorded the {label} of {name}" : $"changed the {label} of {name}";
        if (before is JsonObject) return $"removed the {label} of {name}";
        if (path.EndsWith("Id", StringComparison.Ordinal) || path.EndsWith("Ids", StringComparison.Ordinal))
            return after is null ? $"cleared the {label} of {name}" : $"changed the {label} of {name}";
        var (old, now) = (Value(path, before), Value(path, after));
        if (now is null)
            return $"cleared the {label} of {name}{(old is { Length: <= Shown } ? $" (was '{old}')" : "")}";
        if (now.Length > Shown) return $"rewrote the {label} of {name}";
        if (old is null) return $"set the {label} of {name} to '{now}'";
        return old.Length > Shown
            ? $"changed the {label} of {name} to '{now}'"
            : $"changed the {label} of {name} from '{old}' to '{now}'";
    }

    private static string Answers(JsonArray? before, JsonArray? after, string name)
    {
        var (old, now) = (before?.Count ?? 0, after?.Count ?? 0);
        return $"changed which threats {name} answers{(old == now ? "" : $" (from {old} to {now})")}";
    }

    /// <summary>A list field: the lines added and taken off when they are short texts, else how many there
    /// are.</summary>
    private static string List(string label, JsonArray? before, JsonArray? after, string name)
    {
        var old = (before ?? []).Select(Text).ToList();
        var now = (after ?? []).Select(Text).ToList();
        var texts = (before ?? []).Concat(after ?? []).All(n => n is JsonValue);
        if (texts && old.Concat(now).All(t => t is { Length: <= Shown } && !Guid.TryParse(t, out _)))
        {
            var added = now.Except(old).Select(t => $"'{t}'").ToList();
            var removed = old.Except(now).Select(t => $"'{t}'").ToList();
            if (added.Count + removed.Count is > 0 and <= 3)
            {
                var what = new List<string>();
                if (added.Count > 0) what.Add($"added {string.Join(", ", added)} to");
                if (removed.Count > 0) what.Add($"took {string.Join(", ", removed)} off");
                return $"{string.Join(" and ", what)} the {label} of {name}";
            }
        }
        return old.Count == now.Count
            ? $"changed the {label} of {name}"
            : $"changed the {label} of {name} from {old.Count} to {now.Count}";
    }

    /// <summary>An activity's component assignments, compared by component: assigned, taken off, commitments
    /// changed.</summary>
    private static IEnumerable<string> Assignments(JsonArray? before, JsonArray? after, string name)
    {
        static Dictionary<string, JsonNode> ByComponent(JsonArray? list) =>
            (list ?? []).OfType<JsonObject>().Where(a => a["componentId"] is not null)
                .ToDictionary(a => a["componentId"]!.ToString(), a => (JsonNode)a);
        var (old, now) = (ByComponent(before), ByComponent(after));
        foreach (var (id, assignment) in now)
        {
            var component = Component(assignment);
            var role = Text(assignment["role"]) == "Lead" ? "lead" : "in support";
            if (!old.TryGetValue(id, out var was))
            {
                yield return $"assigned {component} to {name} as {role}{Commitment(assignment["commitment"])}";
                continue;
            }
            if (Text(was["role"]) != Text(assignment["role"])) yield return $"made {component} {role} of {name}";
            var (from, to) = (was["commitment"], assignment["commitment"]);
            if (Number(from?["personnel"]) is { } p0 && Number(to?["personnel"]) is { } p1 && p0 != p1)
                yield return $"{(p1 > p0 ? "raised" : "lowered")} the personnel {component} commits to {name} "
                    + $"from {Format(p0)} to {Format(p1)}";
            var assets = Assets(from).Keys.Union(Assets(to).Keys);
            foreach (var asset in assets)
            {
                var (a0, a1) = (Assets(from).GetValueOrDefault(asset), Assets(to).GetValueOrDefault(asset));
                if (a0 != a1)
                    yield return $"{(a1 > a0 ? "raised" : "lowered")} the {asset} {component} commits to {name} "
                        + $"from {Format(a0)} to {Format(a1)}";
            }
        }
        foreach (var (id, assignment) in old)
            if (!now.ContainsKey(id)) yield return $"took {Component(assignment)} off {name}";
    }

    /// <summary>The partners an activity counts on, compared by partner: counted on, dropped, contribution
    /// changed.</summary>
    private static IEnumerable<string> Partners(JsonArray? before, JsonArray? after, string name)
    {
        static Dictionary<string, JsonNode> ByPartner(JsonArray? list) =>
            (list ?? []).OfType<JsonObject>().Where(p => p["partnerId"] is not null)
                .ToDictionary(p => p["partnerId"]!.ToString(), p => (JsonNode)p);
        var (old, now) = (ByPartner(before), ByPartner(after));
        foreach (var (id, entry) in now)
        {
            var partner = Partner(entry);
            var contribution = Text(entry["contribution"]) is { Length: > 0 } text ? $" ('{Cut(text)}')" : "";
            if (!old.TryGetValue(id, out var was)) yield return $"counted on {partner} for {name}{contribution}";
            else if (Text(was["contribution"]) != Text(entry["contribution"]))
                yield return $"changed what {name} counts on {partner} for{contribution}";
        }
        foreach (var (id, entry) in old)
            if (!now.ContainsKey(id)) yield return $"stopped counting on {Partner(entry)} for {name}";
    }

    private static string Partner(JsonNode entry) =>
        entry["partnerName"]?.GetValue<string>() is { Length: > 0 } partner ? partner : "a former partner";

    private static string Component(JsonNode assignment) =>
        assignment["componentName"]?.GetValue<string>() is { Length: > 0 } component ? component : "a component";

    private static Dictionary<string, decimal> Assets(JsonNode? commitment) =>
        (commitment?["assets"] as JsonArray ?? []).OfType<JsonObject>()
            .GroupBy(a => Text(a["name"]) ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(a => Number(a["quantity"]) ?? 0));

    private static string Commitment(JsonNode? commitment)
    {
        var parts = new List<string>();
        if (Number(commitment?["personnel"]) is { } personnel && personnel > 0)
            parts.Add($"{Format(personnel)} personnel");
        parts.AddRange(Assets(commitment).Where(a => a.Value > 0).Select(a => $"{Format(a.Value)} {a.Key}"));
        return parts.Count == 0 ? "" : $" with {string.Join(", ", parts)}";
    }

    /// <summary>What a new threat or activity is, in a few words.</summary>
    private static string AddedDetails(string kind, JsonNode? item) => kind switch
    {
        "threat" when item?["assessment"] is { } a
            && Number(a["likelihood"]) is { } l && Number(a["impact"]) is { } i =>
            $" (likelihood {Format(l)}, impact {Format(i)})",
        "activity" when item?["details"] is { } d => $" in {Value("tier", d["tier"])}, {Value("phase", d["phase"])}",
        _ => "",
    };

    private static string Lifecycle(JsonNode? before, JsonNode? after, string eventType)
    {
        var (from, to) = (Text(before?["stage"]), Text(after?["stage"]));
        var revision = Number(after?["revision"]);
        var of = revision is null ? "the strategy" : $"revision {Format(revision.Value)} of the strategy";
        if (eventType.Contains("returned", StringComparison.Ordinal) || to == "ReturnedForRevision")
            return to == "Draft" && revision is not null
                ? $"returned the strategy for revision, which opened revision {Format(revision.Value)}"
                : $"returned {of} for revision";
        return to switch
        {
            "Submitted" => $"submitted {of} for review",
            "Endorsed" => $"endorsed {of}",
            "Approved" => $"approved {of}",
            "ReviewedAtHq" => $"recorded the HQ review of {of}",
            "Draft" when from is "Approved" or "ReviewedAtHq" => $"opened {of}",
            _ => $"moved the strategy from {Words(from ?? "nothing")} to {Words(to ?? "nothing")}",
        };
    }

    private static string Name(string kind, JsonNode? item)
    {
        var label = Nouns.GetValueOrDefault(kind, kind);
        if (item is not JsonObject || kind is "overview" or "mission") return label;
        var code = item["code"]?.GetValue<string>();
        var title = (item["assessment"] ?? item["details"])?["title"] ?? item["details"]?["name"]
            ?? item["details"]?["question"] ?? item["name"]
            ?? Short(item["text"] ?? item["details"]?["description"]);
        return $"{label}{(code is null ? "" : $" {code}")}{(title is null ? "" : $" '{title}'")}";
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

    /// <summary>9,800 (the invariant culture's separators are the English ones).</summary>
    private static string Format(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static readonly string[] Months =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>A value in words: a name of a closed set as words, a date as 7 Dec 2026, yes or no; null when
    /// empty.</summary>
    private static string? Value(string path, JsonNode? value)
    {
        if (value is null) return null;
        if (value is not JsonValue v) return null;
        if (v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            return v.GetValueKind() == System.Text.Json.JsonValueKind.True ? "yes" : "no";
        var text = v.ToString();
        if (text.Length == 0) return null;
        if (IsoDate().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var date))
            return $"{date.Day} {Months[date.Month - 1]} {date.Year}";
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        if (leaf == "tier" && Tiers.TryGetValue(text, out var tier)) return tier;
        if (Named.Contains(path) || Named.Contains(leaf)) return text == "PreEmption" ? "pre-emption" : Words(text);
        return text;
    }

    private static readonly Dictionary<string, string> Acronyms = new()
    {
        ["poc"] = "POC", ["hq"] = "HQ", ["un"] = "UN", ["jmac"] = "JMAC", ["joc"] = "JOC", ["ddr"] = "DDR",
        ["pko"] = "PKO", ["spm"] = "SPM",
    };

    /// <summary>camelCase or PascalCase as words: "hostStateCapacity" → "host state capacity", "PocUnit" → "POC
    /// unit".</summary>
    private static string Words(string text)
    {
        var words = string.Concat(text.Select((c, i) =>
            char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
        return string.Join(' ', words.Split(' ').Select(w => Acronyms.GetValueOrDefault(w, w)));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}

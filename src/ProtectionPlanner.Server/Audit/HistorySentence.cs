using System.Text.Json.Nodes;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// What a view change did, as a sentence a reviewer reads: "planner2 raised the likelihood of threat T-07 'Armed group
/// attacks on Bentiu market' from 3 to 4: 'new JMAC report'". Pure: from the items before and after.
/// </summary>
public static class HistorySentence
{
    /// <summary>Changes that follow from others (coherence) are not told again.</summary>
    private static readonly HashSet<string> Derived = ["coverage", "workload", "finding"];

    /// <summary>Fields that only repeat another (risk follows likelihood and impact).</summary>
    private static readonly HashSet<string> Repeats = ["assessment.riskScore", "assessment.risk"];

    public static string Of(string actor, string? reason, string eventType, IReadOnlyList<(ItemChange Change, JsonNode? Before)> items)
    {
        if (items.Any(i => i.Change.Id is null) && items.All(i => i.Before is null)) // the view's first version
            return $"{actor} drafted the strategy '{items.FirstOrDefault(i => i.Change.Kind == "title").Change?.Item}'{Reason(reason)}";
        var parts = items.Where(i => !Derived.Contains(i.Change.Kind)).Select(i => Part(i.Change, i.Before)).Where(p => p.Length > 0).ToList();
        var what = parts.Count == 0 ? $"recorded {eventType.Replace('_', ' ')}" : string.Join("; ", parts);
        return $"{actor} {what}{Reason(reason)}";
    }

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $": '{reason}'";

    private static string Part(ItemChange change, JsonNode? before)
    {
        var item = change.Item ?? before;
        var name = Name(change.Kind, item);
        switch (change.Op)
        {
            case "added": return $"added {name}";
            case "removed": return $"removed {name}";
        }
        if (change.Kind == "lifecycle")
            return $"moved the strategy from {Words(before?["stage"])} to {Words(change.Item?["stage"])}";
        if (change.Kind == "comment" && change.Item?["resolved"]?.GetValue<bool>() == true) return $"resolved the thread of {name}";
        if (change.Kind == "title") return $"renamed the strategy from '{before}' to '{change.Item}'";
        var fields = PlanHistory.Fields(before, change.Item, "").Where(f => !Repeats.Contains(f.Path)).ToList();
        if (fields.Count == 0) return $"re-confirmed {name}";
        return string.Join(", ", fields.Select(f => f.Before is JsonValue b && f.After is JsonValue a && b.TryGetValue(out int from) && a.TryGetValue(out int to)
            ? $"{(to > from ? "raised" : "lowered")} the {Leaf(f.Path)} of {name} from {from} to {to}"
            : $"changed the {Leaf(f.Path)} of {name}{Value(" from", f.Before)}{Value(" to", f.After)}"));
    }

    private static string Name(string kind, JsonNode? item)
    {
        var label = kind switch
        {
            "earlyWarning" => "early-warning arrangement", "decision" => "decision", "forum" => "forum", "overview" => "the overview",
            "mission" => "the mission", _ => kind,
        };
        if (item is not JsonObject || kind is "overview" or "mission") return label;
        var code = item["code"]?.GetValue<string>();
        var title = (item["assessment"] ?? item["details"])?["title"] ?? item["details"]?["name"] ?? item["details"]?["question"] ?? item["name"]
            ?? Short(item["text"] ?? item["details"]?["description"]);
        return $"{label}{(code is null ? "" : $" {code}")}{(title is null ? "" : $" '{title}'")}";
    }

    private static JsonNode? Short(JsonNode? text) =>
        text?.GetValue<string>() is { } value ? JsonValue.Create(value.Length > 80 ? value[..77] + "..." : value) : null;

    private static string Leaf(string path) => Words(JsonValue.Create(path[(path.LastIndexOf('.') + 1)..]));

    /// <summary>camelCase or PascalCase as words: "hostStateCapacity" → "host state capacity".</summary>
    private static string Words(JsonNode? value)
    {
        var text = value?.ToString() ?? "nothing";
        return string.Concat(text.Select((c, i) => char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
    }

    private static string Value(string label, JsonNode? value) =>
        value is JsonValue v && v.ToString() is { Length: > 0 and <= 80 } text ? $"{label} '{text}'" : "";
}

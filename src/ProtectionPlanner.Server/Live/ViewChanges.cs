using System.Text.Json.Nodes;

namespace ProtectionPlanner.Server.Live;

/// <summary>One item a view change added, changed or removed. <c>Item</c> is its new value (null when removed).</summary>
public sealed record ItemChange(string Kind, string Op, string? Id, JsonNode? Item);

/// <summary>What one view version changed, and who changed it and why.</summary>
public sealed record ViewChange(
    Guid StrategyId, long ViewVersion, long StreamVersion, DateTimeOffset At, string Actor, string? Role, string? Reason, string Event,
    IReadOnlyList<ItemChange> Changes);

/// <summary>
/// The difference between two plan views (as JSON), item by item: lists of items are compared by their keys, single
/// values as a whole. Pure.
/// </summary>
public static class ViewChanges
{
    /// <summary>Lists of items: where they are in the view, the change kind, and the key of an item.</summary>
    private static readonly (string[] Path, string Kind, Func<JsonNode, string> Key)[] Lists =
    [
        (["threats"], "threat", Id), (["activities"], "activity", Id), (["objectives"], "objective", Id),
        (["fora"], "forum", Id), (["earlyWarning"], "earlyWarning", Id), (["decisions"], "decision", Id),
        (["handovers"], "handover", Id), (["components"], "component", Id),
        (["coherence", "findings"], "finding", FindingKey), (["coherence", "workload"], "workload", item => Text(item, "componentId")),
        (["coherence", "coverage"], "coverage", item => Text(item, "threatId")),
    ];

    private static readonly (string Property, string Kind)[] Singles =
        [("title", "title"), ("mission", "mission"), ("lifecycle", "lifecycle"), ("overview", "overview")];

    public static IReadOnlyList<ItemChange> Between(JsonObject before, JsonObject after)
    {
        var changes = new List<ItemChange>();
        foreach (var (property, kind) in Singles)
            if (!JsonNode.DeepEquals(before[property], after[property]))
                changes.Add(new(kind, "changed", null, after[property]?.DeepClone()));
        foreach (var (path, kind, key) in Lists)
        {
            var old = Items(before, path, key);
            var now = Items(after, path, key);
            foreach (var (id, item) in now)
            {
                if (!old.TryGetValue(id, out var previous)) changes.Add(new(kind, "added", id, item.DeepClone()));
                else if (!JsonNode.DeepEquals(previous, item)) changes.Add(new(kind, "changed", id, item.DeepClone()));
            }
            changes.AddRange(old.Keys.Where(id => !now.ContainsKey(id)).Select(id => new ItemChange(kind, "removed", id, null)));
        }
        return changes;
    }

    /// <summary>The key of a coherence finding: its kind and the items it points at (<c>kind:id,id</c>).</summary>
    public static string FindingKey(JsonNode finding) =>
        $"{Text(finding, "kind")}:{string.Join(",", finding["items"]!.AsArray().Select(item => Text(item!, "id")))}";

    private static Dictionary<string, JsonNode> Items(JsonObject view, string[] path, Func<JsonNode, string> key)
    {
        JsonNode? node = view;
        foreach (var step in path) node = node?[step];
        var items = new Dictionary<string, JsonNode>();
        foreach (var item in node?.AsArray() ?? [])
            if (item is not null) items[key(item)] = item;
        return items;
    }

    private static string Id(JsonNode item) => Text(item, "id");

    private static string Text(JsonNode item, string property) => item[property]?.ToString() ?? "";
}

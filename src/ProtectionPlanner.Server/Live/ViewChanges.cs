using System.Text.Json.Nodes;

namespace ProtectionPlanner.Server.Live;

/// <summary>One item a view change added, changed or removed. <c>Item</c> is its new value (null when removed).</summary>
public sealed record ItemChange(string Kind, string Op, string? Id, JsonNode? Item);

/// <summary>What one view version changed, and who changed it and why; <c>Summary</c> says it in a sentence,
/// <c>FrenchSummary</c> in French (null in changes recorded before there was one: readers get English).</summary>
/// <remarks>Both are written when the change is: a sentence needs the items as they were before it, which only the
/// projection has at hand.</remarks>
public sealed record ViewChange(
    Guid StrategyId, long ViewVersion, long StreamVersion, DateTimeOffset At, string Actor, string? Role, string? Reason, string Event,
    string Summary, IReadOnlyList<ItemChange> Changes, string? FrenchSummary = null);

/// <summary>
/// The difference between two plan views, item by item: lists of items are compared by their keys, single values as a
/// whole; an item serialised from the same object is the same. Pure.
/// </summary>
public static class ViewChanges
{
    public static IReadOnlyList<ItemChange> Between(ViewDocument? before, ViewDocument after)
    {
        var changes = new List<ItemChange>();
        foreach (var name in ViewDocument.ChangingSingles)
            if (before?.Singles[name] != after.Singles[name])
                changes.Add(new(name, "changed", null, JsonNode.Parse(after.Singles[name])));
        foreach (var (path, kind) in ViewDocument.ListKinds)
        {
            var was = before?.Lists[path] ?? [];
            var now = after.Lists[path];
            if (was.Count == now.Count && Enumerable.Range(0, now.Count).All(i => was[i].Key == now[i].Key))
            {
                // The same items in the same order, as after most edits: compared where they stand.
                for (var i = 0; i < now.Count; i++)
                    if (was[i].Json != now[i].Json) // string equality looks at the reference first
                        changes.Add(new(kind, "changed", now[i].Key, JsonNode.Parse(now[i].Json)));
                continue;
            }
            var old = new Dictionary<string, ViewEntry>();
            foreach (var entry in was) old.TryAdd(entry.Key, entry);
            foreach (var entry in now)
            {
                if (!old.TryGetValue(entry.Key, out var previous)) changes.Add(new(kind, "added", entry.Key, JsonNode.Parse(entry.Json)));
                else if (previous.Json != entry.Json)
                    changes.Add(new(kind, "changed", entry.Key, JsonNode.Parse(entry.Json)));
            }
            var keys = now.Select(entry => entry.Key).ToHashSet();
            changes.AddRange(old.Keys.Where(key => !keys.Contains(key)).Select(key => new ItemChange(kind, "removed", key, null)));
        }
        return changes;
    }
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ProtectionPlanner.Server.Live;

/// <summary>An item of a view document: its key and its JSON.</summary>
public sealed record ViewEntry(string Key, string Json);

/// <summary>
/// A plan view as JSON text, item by item: the document the queries return, and what the view changes are computed
/// from. Each item's entry is made once: per object for the strategy's own items (its immutable state keeps the
/// objects of unchanged items from one version to the next), per value for the items the view builds afresh each time
/// (activities with their assignments, the coherence analysis), so a change serialises only what it touched.
/// </summary>
public sealed class ViewDocument
{
    /// <summary>The lists of items: where they are in the document (a dot for nesting) and the kind of change they make.</summary>
    public static readonly (string Path, string Kind)[] ListKinds =
    [
        ("objectives", "objective"), ("threats", "threat"), ("activities", "activity"), ("fora", "forum"), ("earlyWarning", "earlyWarning"),
        ("decisions", "decision"), ("handovers", "handover"), ("components", "component"), ("areas", "area"),
        ("partners", "partner"), ("comments", "comment"), ("improvements", "improvement"),
        ("coherence.coverage", "coverage"), ("coherence.workload", "workload"), ("coherence.findings", "finding"),
    ];

    /// <summary>Single values whose change is a view change (the others are bookkeeping: versions, last change).</summary>
    public static readonly string[] ChangingSingles = ["title", "mission", "lifecycle", "overview"];

    private static readonly string[] SingleNames =
        ["strategyId", "missionId", "mission", "title", "revision", "stage", "streamVersion", "viewVersion", "updatedAt", "updatedBy", "lifecycle", "overview"];

    private static readonly ConditionalWeakTable<object, ViewEntry> ByObject = new();

    /// <summary>Entries of items built afresh for each view, by value (records whose lists compare item by item); forgets
    /// everything when full.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<object, ViewEntry> ByValue = new();

    /// <summary>The JSON characters <see cref="ByValue"/> may hold: a bound in bytes, not entries, as each entry keeps
    /// its item's object graph alive (a bound of 16,384 entries let a node grow ~19 MB in a 5-minute soak).</summary>
    private const long ByValueBudget = 2_000_000;

    /// <summary>JSON characters added to <see cref="ByValue"/> since it was last cleared (its Count would take all its
    /// locks).</summary>
    private static long byValueChars;

    public ViewDocument(IReadOnlyDictionary<string, string> singles, IReadOnlyDictionary<string, IReadOnlyList<ViewEntry>> lists)
    {
        Singles = singles;
        Lists = lists;
    }

    public IReadOnlyDictionary<string, string> Singles { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<ViewEntry>> Lists { get; }

    public long ViewVersion => long.Parse(Singles["viewVersion"], System.Globalization.CultureInfo.InvariantCulture);

    public static ViewDocument Of(PlanView view, JsonSerializerOptions options)
    {
        var singles = new Dictionary<string, string>
        {
            ["strategyId"] = Json(view.StrategyId), ["missionId"] = Json(view.MissionId), ["mission"] = Json(view.Mission),
            ["title"] = Json(view.Title), ["revision"] = Json(view.Revision), ["stage"] = Json(view.Stage),
            ["streamVersion"] = Json(view.StreamVersion), ["viewVersion"] = Json(view.ViewVersion), ["updatedAt"] = Json(view.UpdatedAt),
            ["updatedBy"] = Json(view.UpdatedBy), ["lifecycle"] = Json(view.Lifecycle), ["overview"] = Json(view.Overview),
        };
        var lists = new Dictionary<string, IReadOnlyList<ViewEntry>>
        {
            ["objectives"] = Owned(view.Objectives, o => o.Id), ["threats"] = Owned(view.Threats, t => t.Id),
            ["activities"] = Built(view.Activities, a => a.Id.ToString()), ["fora"] = Owned(view.Fora, f => f.Id),
            ["earlyWarning"] = Owned(view.EarlyWarning, e => e.Id), ["decisions"] = Owned(view.Decisions, d => d.Id),
            ["handovers"] = Owned(view.Handovers, h => h.Id), ["components"] = Owned(view.Components, c => c.Id),
            ["areas"] = Owned(view.Areas, a => a.Id), ["partners"] = Owned(view.Partners, p => p.Id),
            ["comments"] = Owned(view.Comments, c => c.Id), ["improvements"] = Owned(view.Improvements, i => i.Id),
            ["coherence.coverage"] = Built(view.Coherence.Coverage, c => c.ThreatId.ToString()),
            ["coherence.workload"] = Built(view.Coherence.Workload, w => w.ComponentId.ToString()),
            ["coherence.findings"] = Built(view.Coherence.Findings, f => $"{f.Kind}:{string.Join(",", f.Items.Select(i => i.Id))}"),
        };
        return new ViewDocument(singles, lists);

        string Json<T>(T value) => JsonSerializer.Serialize(value, options);

        ViewEntry[] Owned<T>(IReadOnlyList<T> items, Func<T, Guid> key) where T : class
        {
            var entries = new ViewEntry[items.Count];
            for (var i = 0; i < entries.Length; i++) entries[i] = ByObject.GetValue(items[i], item => new ViewEntry(key((T)item).ToString(), Json((T)item)));
            return entries;
        }

        ViewEntry[] Built<T>(IReadOnlyList<T> items, Func<T, string> key) where T : class
        {
            var entries = new ViewEntry[items.Count];
            for (var i = 0; i < entries.Length; i++)
            {
                if (ByValue.TryGetValue(items[i], out var entry)) entries[i] = entry;
                else
                {
                    var json = Json(items[i]);
                    if (Interlocked.Add(ref byValueChars, json.Length) > ByValueBudget)
                    {
                        ByValue.Clear();
                        Volatile.Write(ref byValueChars, json.Length);
                    }
                    entries[i] = ByValue[items[i]] = new ViewEntry(key(items[i]), json);
                }
            }
            return entries;
        }
    }

    /// <summary>
    /// Reads a document: its single values, and each list from the document itself when it has it (a document written
    /// whole), otherwise from <paramref name="rows"/> (the items of a view stored one row each, by list, in order).
    /// </summary>
    public static ViewDocument Parse(string json, ILookup<string, string>? rows = null)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var singles = SingleNames.ToDictionary(name => name, name => root.TryGetProperty(name, out var value) ? value.GetRawText() : "null");
        var lists = ListKinds.ToDictionary(list => list.Path, list =>
        {
            var element = root;
            foreach (var step in list.Path.Split('.'))
                if (!element.TryGetProperty(step, out element))
                    return (IReadOnlyList<ViewEntry>)(rows?[list.Path].Select(item => Entry(list.Kind, item)).ToList() ?? []);
            return element.EnumerateArray().Select(item => new ViewEntry(KeyOf(list.Kind, item), item.GetRawText())).ToList();
        });
        return new ViewDocument(singles, lists);

        static ViewEntry Entry(string kind, string item)
        {
            using var parsed = JsonDocument.Parse(item);
            return new ViewEntry(KeyOf(kind, parsed.RootElement), item);
        }
    }

    /// <summary>
    /// The items to store one row each, given the view the rows hold (<paramref name="stored"/>; null when unknown):
    /// the rows to delete, from a position on in a list, and the rows to write, whose text or position changed. When
    /// the rows are unknown, every list's rows go and every item is written.
    /// </summary>
    public (List<(string List, int From)> Cuts, List<(string List, int Position, string Json)> Rows) RowsSince(ViewDocument? stored)
    {
        var cuts = new List<(string, int)>();
        var rows = new List<(string, int, string)>();
        foreach (var (path, _) in ListKinds)
        {
            var before = stored?.Lists[path] ?? [];
            var now = Lists[path];
            if (stored is null) cuts.Add((path, 0));
            else if (now.Count < before.Count) cuts.Add((path, now.Count));
            for (var i = 0; i < now.Count; i++)
                if (i >= before.Count || before[i].Json != now[i].Json) // string equality looks at the reference first
                    rows.Add((path, i, now[i].Json));
        }
        return (cuts, rows);
    }

    /// <summary>A single value (<paramref name="id"/> null) or an item of a list, by the kind of change it makes.</summary>
    public System.Text.Json.Nodes.JsonNode? Item(string kind, string? id)
    {
        if (id is null) return Singles.TryGetValue(kind, out var single) ? System.Text.Json.Nodes.JsonNode.Parse(single) : null;
        var path = ListKinds.First(list => list.Kind == kind).Path;
        return Lists[path].FirstOrDefault(entry => entry.Key == id) is { } entry ? System.Text.Json.Nodes.JsonNode.Parse(entry.Json) : null;
    }

    /// <summary>The whole document.</summary>
    public string ToJson()
    {
        var json = AppendSingles(new StringBuilder(64 * 1024));
        foreach (var (path, _) in ListKinds.Where(l => !l.Path.Contains('.'))) AppendList(json, path, path);
        json.Append("\"coherence\":{");
        AppendList(json, "coverage", "coherence.coverage");
        AppendList(json, "workload", "coherence.workload");
        AppendList(json, "findings", "coherence.findings");
        json.Length--; // the last comma
        return json.Append("}}").ToString();
    }

    /// <summary>The single values only: the row of a view whose items are stored one row each.</summary>
    public string SinglesJson()
    {
        var json = AppendSingles(new StringBuilder(4096));
        json.Length--; // the last comma
        return json.Append('}').ToString();
    }

    private StringBuilder AppendSingles(StringBuilder json)
    {
        json.Append('{');
        foreach (var name in SingleNames) json.Append('"').Append(name).Append("\":").Append(Singles[name]).Append(',');
        return json;
    }

    private void AppendList(StringBuilder json, string name, string path)
    {
        json.Append('"').Append(name).Append("\":[");
        var entries = Lists[path];
        for (var i = 0; i < entries.Count; i++) json.Append(i == 0 ? "" : ",").Append(entries[i].Json);
        json.Append("],");
    }

    private static string KeyOf(string kind, JsonElement item) => kind switch
    {
        "coverage" => item.GetProperty("threatId").GetString()!,
        "workload" => item.GetProperty("componentId").GetString()!,
        "finding" => $"{item.GetProperty("kind").GetString()}:{string.Join(",", item.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()))}",
        _ => item.GetProperty("id").GetString()!,
    };
}

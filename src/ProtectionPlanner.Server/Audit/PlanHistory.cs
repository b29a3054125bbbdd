using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Live;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Audit;

/// <summary>A field of an item that changed: its path in the item (dots and indexes), before and after.</summary>
public sealed record FieldChange(string Path, JsonNode? Before, JsonNode? After);

/// <summary>An item added, removed or changed between two versions, field by field, and who changed it in between.</summary>
public sealed record DiffEntry(string Kind, string Op, string? Id, JsonNode? Before, JsonNode? After, IReadOnlyList<FieldChange> Fields, IReadOnlyList<string> ChangedBy);

/// <summary>What changed in a strategy's plan between two stream versions.</summary>
public sealed record PlanDiff(Guid StrategyId, long From, long To, IReadOnlyList<DiffEntry> Changes);

/// <summary>
/// A strategy's plan as it stood at any version or moment, in the same shape as the live view (with the coherence
/// analysis of then), and the difference between two versions. Folded by Marten's time travel
/// (<c>AggregateStreamAsync</c> up to a version), with the mission as it stood at the same moment.
/// </summary>
public sealed class PlanHistory(
    IDocumentStore store, LiveViews live, NpgsqlDataSource dataSource, IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;
    private readonly TimeTravel travel = new();

    /// <summary>The strategy as it stood at <paramref name="version"/> (its last when the stream is shorter).</summary>
    public async Task<Strategy> StrategyAtAsync(Guid strategyId, long version, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await travel.StrategyAtAsync(session, strategyId, version, ct);
    }

    /// <summary>The plan at <paramref name="version"/>, or when not given, at the moment
    /// <paramref name="at"/>.</summary>
    public async Task<ViewDocument> AsOfAsync(Guid strategyId, long? version, DateTimeOffset? at, CancellationToken ct)
    {
        at = at?.ToUniversalTime(); // the same moment in any offset; PostgreSQL takes UTC
        await using var session = store.QuerySession();
        var events = session.Events;
        var target = version ?? await TimeTravel.VersionAtAsync(session, strategyId, at!.Value, ct);
        var strategy = target > 0 ? await travel.StrategyAtAsync(session, strategyId, target, ct) : Strategy.None;
        if (!strategy.Exists)
            throw new NotFound("Strategy", at is { } moment ? $"{strategyId} as of {moment:O}"
                : $"{strategyId} at version {version}");
        // Its last event says when and by whom the plan was last changed; the mission is taken as of then.
        var last = (await events.FetchStreamAsync(strategyId, strategy.Version, fromVersion: strategy.Version,
            token: ct)).Single();
        var mission = await events.AggregateStreamAsync<Mission>(strategy.MissionId, timestamp: at ?? last.Timestamp,
            token: ct) ?? Mission.None;
        await using var query = dataSource.CreateCommand($"""
            select coalesce(max(view_version), 0) from {MartenSetup.Schema}.strategy_changes
            where strategy_id = @id and stream_version <= @version
            """);
        query.Parameters.AddWithValue("id", strategyId);
        query.Parameters.AddWithValue("version", strategy.Version);
        var viewVersion = (long)(await query.ExecuteScalarAsync(ct))!;
        return ViewDocument.Of(PlanView.Of(strategy, mission, viewVersion, last.Timestamp, last.UserName), options);
    }

    public async Task<PlanDiff> DiffAsync(Guid strategyId, long from, long to, CancellationToken ct)
    {
        var before = await AsOfAsync(strategyId, from, null, ct);
        var after = await AsOfAsync(strategyId, to, null, ct);
        var actors = await ActorsAsync(strategyId, from, to, ct);
        var entries = ViewChanges.Between(before, after).Select(change =>
        {
            var old = before.Item(change.Kind, change.Id);
            return new DiffEntry(change.Kind, change.Op, change.Id, old, change.Item, change.Op == "changed" ? Fields(old, change.Item, "") : [],
                actors.GetValueOrDefault((change.Kind, change.Id ?? "")) ?? []);
        }).ToList();
        return new PlanDiff(strategyId, from, to, entries);
    }

    /// <summary>Who changed each item in (from, to], from the view-change log (once it has caught up with <paramref name="to"/>).</summary>
    private async Task<Dictionary<(string Kind, string Id), List<string>>> ActorsAsync(Guid strategyId, long from, long to, CancellationToken ct)
    {
        async Task<bool> Logged(CancellationToken token)
        {
            await using var logged = dataSource.CreateCommand(
                $"select coalesce(max(stream_version), 0) from {MartenSetup.Schema}.strategy_changes where strategy_id = @id");
            logged.Parameters.AddWithValue("id", strategyId);
            return (long)(await logged.ExecuteScalarAsync(token))! >= to;
        }
        if (!await live.WaitUntilAsync($"s:{strategyId}", Logged, TimeSpan.FromSeconds(5), ct))
            throw new Api.BadRequest(503, "view-behind", "View not at that version yet", $"The change log of strategy {strategyId} has not reached version {to} yet; try again.");
        var actors = new Dictionary<(string, string), List<string>>();
        await using var query = dataSource.CreateCommand($"""
            select actor, touched from {MartenSetup.Schema}.strategy_changes
            where strategy_id = @id and stream_version > @from and stream_version <= @to order by view_version
            """);
        query.Parameters.AddWithValue("id", strategyId);
        query.Parameters.AddWithValue("from", from);
        query.Parameters.AddWithValue("to", to);
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var actor = reader.GetString(0);
            foreach (var touched in reader.GetFieldValue<string[]>(1))
            {
                var separator = touched.IndexOf(':');
                var key = (touched[..separator], touched[(separator + 1)..]);
                var who = actors.TryGetValue(key, out var list) ? list : actors[key] = [];
                if (!who.Contains(actor)) who.Add(actor);
            }
        }
        return actors;
    }

    /// <summary>The leaves that differ between two JSON values (objects recursively; a stamp is not a field).</summary>
    public static IReadOnlyList<FieldChange> Fields(JsonNode? before, JsonNode? after, string path)
    {
        if (before is JsonObject a && after is JsonObject b)
            return a.Select(p => p.Key).Union(b.Select(p => p.Key)).Where(key => key != "stamp")
                .SelectMany(key => Fields(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}")).ToList();
        return JsonNode.DeepEquals(before, after) || before is null && after is null ? [] : [new FieldChange(path, before?.DeepClone(), after?.DeepClone())];
    }
}

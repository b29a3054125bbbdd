using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.Server.Commands;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// The read models of planning: each strategy's plan view and the log of its changes (one per view version), and each
/// mission's dashboard. Every strategy event, and every mission event that changes what a strategy's view shows, makes
/// one view change, attributed to the event's actor and reason. After commit it notifies <see cref="LiveViews.Channel"/>
/// so every node pushes the changes to its subscribers.
/// </summary>
public sealed class PlanningViews(PlanningStates states, IOptions<JsonOptions> json) : IProjection
{
    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;
    private readonly PlanningStates states = states;

    /// <summary>Folded states of the last batches (only the node running the projection keeps them), checked against
    /// the rows before use, so a batch that did not commit, a rebuild or another node's run cannot mislead them.</summary>
    private readonly ConcurrentDictionary<Guid, (Strategy Strategy, JsonObject View)> strategyCache = new();
    private readonly ConcurrentDictionary<Guid, Mission> missionCache = new();

    public string Name => "planning_views";

    public int Version => 1;

    public IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new("strategy_views", """
            strategy_id uuid primary key, mission_id uuid not null, stream_version bigint not null,
            view_version bigint not null, mission_version bigint not null, updated timestamptz not null, data jsonb not null
            """, "(mission_id)"),
        new("strategy_changes",
            "strategy_id uuid not null, view_version bigint not null, stream_version bigint not null, data jsonb not null, primary key (strategy_id, view_version)"),
        new("mission_views", "mission_id uuid primary key, version bigint not null, updated timestamptz not null, data jsonb not null"),
    ];

    public async Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        var events = batch.Events.Where(e => IsMission(e.Data) || IsStrategy(e.Data)).ToList();
        if (events.Count == 0) return;
        var missionIds = events.Where(e => IsMission(e.Data)).Select(e => e.StreamId)
            .Concat(events.Select(e => e.Data).OfType<StrategyDrafted>().Select(e => e.MissionId)).ToHashSet();
        var strategyIds = events.Where(e => IsStrategy(e.Data)).Select(e => e.StreamId).Concat(missionIds.Select(Ids.StrategyOf)).ToHashSet();

        var work = new Work(this, batch);
        await work.LoadAsync(strategyIds, missionIds, cancellationToken);
        foreach (var @event in events)
        {
            var recorded = new Domain.Common.Recorded(@event.Version, @event.Metadata.Actor, @event.Timestamp);
            if (IsMission(@event.Data))
            {
                var mission = Mission.Evolve(work.Missions.GetValueOrDefault(@event.StreamId) ?? Mission.None, @event.Data, recorded);
                work.Missions[@event.StreamId] = mission;
                work.Touch(@event.StreamId, @event);
                if (work.Strategies.TryGetValue(Ids.StrategyOf(@event.StreamId), out var strategy))
                    work.Change(strategy.Strategy, @event);
            }
            else
            {
                var before = work.Strategies.GetValueOrDefault(@event.StreamId).Strategy ?? Strategy.None;
                var strategy = Strategy.Evolve(before, @event.Data, recorded);
                work.Change(strategy, @event);
                work.Touch(strategy.MissionId, @event);
            }
        }
        await work.SaveAsync(cancellationToken);
    }

    private static bool IsMission(object data) => data.GetType().Namespace == typeof(Mission).Namespace;

    private static bool IsStrategy(object data) => data.GetType().Namespace == typeof(Strategy).Namespace;

    /// <summary>One batch's working set: the states it folds, and the rows it writes.</summary>
    private sealed class Work(PlanningViews projection, ProjectionBatch batch)
    {
        public Dictionary<Guid, (Strategy Strategy, JsonObject View)> Strategies { get; } = [];
        public Dictionary<Guid, Mission> Missions { get; } = [];
        private readonly Dictionary<Guid, long> viewVersions = [];
        private readonly List<ViewChange> changes = [];
        private readonly Dictionary<Guid, LastChange> lastChanges = [];
        private readonly HashSet<Guid> touchedMissions = [];

        public async Task LoadAsync(IReadOnlyCollection<Guid> strategyIds, IReadOnlyCollection<Guid> missionIds, CancellationToken ct)
        {
            await using (var query = batch.CreateCommand($"select mission_id, version from {batch.Table("mission_views")} where mission_id = any(@ids)"))
            {
                query.Parameters.AddWithValue("ids", missionIds.ToArray());
                await using var reader = await query.ExecuteReaderAsync(ct);
                var versions = new List<(Guid Id, long Version)>();
                while (await reader.ReadAsync(ct)) versions.Add((reader.GetGuid(0), reader.GetInt64(1)));
                await reader.CloseAsync();
                foreach (var (id, version) in versions)
                    Missions[id] = projection.missionCache.TryGetValue(id, out var cached) && cached.Version == version
                        ? cached : await projection.states.MissionAtAsync(id, version, ct);
            }
            var rows = new List<(Guid Id, Guid MissionId, long StreamVersion, long ViewVersion, long MissionVersion, string Data)>();
            await using (var query = batch.CreateCommand($"""
                select strategy_id, mission_id, stream_version, view_version, mission_version, data::text
                from {batch.Table("strategy_views")} where strategy_id = any(@ids)
                """))
            {
                query.Parameters.AddWithValue("ids", strategyIds.ToArray());
                await using var reader = await query.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5)));
            }
            foreach (var row in rows)
            {
                if (!Missions.ContainsKey(row.MissionId)) Missions[row.MissionId] = await projection.states.MissionAtAsync(row.MissionId, row.MissionVersion, ct);
                Strategies[row.Id] = projection.strategyCache.TryGetValue(row.Id, out var cached)
                    && cached.Strategy.Version == row.StreamVersion && cached.View["viewVersion"]!.GetValue<long>() == row.ViewVersion
                    ? cached
                    : (await projection.states.StrategyAtAsync(row.Id, row.StreamVersion, ct), JsonNode.Parse(row.Data)!.AsObject());
                viewVersions[row.Id] = row.ViewVersion;
            }
        }

        /// <summary>Records the view change <paramref name="event"/> made to <paramref name="strategy"/>, if any.</summary>
        public void Change(Strategy strategy, StoredEvent @event)
        {
            var mission = Missions.GetValueOrDefault(strategy.MissionId) ?? Mission.None;
            var before = Strategies.TryGetValue(strategy.Id, out var previous) ? previous.View : [];
            var version = viewVersions.GetValueOrDefault(strategy.Id) + 1;
            var view = JsonSerializer.SerializeToNode(PlanView.Of(strategy, mission, version, @event.Timestamp, @event.Metadata.Actor), projection.options)!.AsObject();
            var items = ViewChanges.Between(before, view);
            var streamEvent = IsStrategy(@event.Data);
            if (items.Count == 0 && !streamEvent)
            {
                Strategies[strategy.Id] = (strategy, before); // a mission change this view does not show
                return;
            }
            viewVersions[strategy.Id] = version;
            Strategies[strategy.Id] = (strategy, view);
            changes.Add(new ViewChange(strategy.Id, version, strategy.Version, @event.Timestamp, @event.Metadata.Actor, @event.Metadata.Role,
                @event.Metadata.Reason, @event.Type, items));
        }

        public void Touch(Guid missionId, StoredEvent @event)
        {
            touchedMissions.Add(missionId);
            lastChanges[missionId] = new LastChange(@event.Timestamp, @event.Metadata.Actor, @event.Type);
        }

        public async Task SaveAsync(CancellationToken ct)
        {
            var changed = changes.Select(c => c.StrategyId).ToHashSet();
            await using (var write = batch.CreateCommand($"""
                insert into {batch.Table("strategy_changes")} (strategy_id, view_version, stream_version, data)
                select * from unnest(@ids, @views, @streams, @data);
                insert into {batch.Table("strategy_views")} as v (strategy_id, mission_id, stream_version, view_version, mission_version, updated, data)
                select s.id, s.mission, s.stream, s.view, s.mission_version, now(), s.data
                from unnest(@sids, @missions, @sstreams, @sviews, @mversions, @sdata) as s(id, mission, stream, view, mission_version, data)
                on conflict (strategy_id) do update set stream_version = excluded.stream_version, view_version = excluded.view_version,
                    mission_version = excluded.mission_version, updated = excluded.updated, data = excluded.data
                """))
            {
                write.Parameters.AddWithValue("ids", changes.Select(c => c.StrategyId).ToArray());
                write.Parameters.AddWithValue("views", changes.Select(c => c.ViewVersion).ToArray());
                write.Parameters.AddWithValue("streams", changes.Select(c => c.StreamVersion).ToArray());
                write.Parameters.AddWithValue("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                    changes.Select(c => JsonSerializer.Serialize(c, projection.options)).ToArray());
                var saved = Strategies.Where(s => changed.Contains(s.Key)).ToList();
                write.Parameters.AddWithValue("sids", saved.Select(s => s.Key).ToArray());
                write.Parameters.AddWithValue("missions", saved.Select(s => s.Value.Strategy.MissionId).ToArray());
                write.Parameters.AddWithValue("sstreams", saved.Select(s => s.Value.Strategy.Version).ToArray());
                write.Parameters.AddWithValue("sviews", saved.Select(s => viewVersions[s.Key]).ToArray());
                write.Parameters.AddWithValue("mversions", saved.Select(s => Missions.GetValueOrDefault(s.Value.Strategy.MissionId)?.Version ?? 0).ToArray());
                write.Parameters.AddWithValue("sdata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, saved.Select(s => s.Value.View.ToJsonString()).ToArray());
                await write.ExecuteNonQueryAsync(ct);
            }

            var dashboards = touchedMissions.Where(Missions.ContainsKey).Select(id =>
            {
                var mission = Missions[id];
                var strategyId = Ids.StrategyOf(id);
                var view = Strategies.TryGetValue(strategyId, out var s) ? PlanView.Of(s.Strategy, mission, viewVersions[strategyId], null, null) : null;
                return MissionDashboard.Of(mission, view, lastChanges.GetValueOrDefault(id));
            }).Where(d => d.Version > 0).ToList();
            await using (var write = batch.CreateCommand($"""
                insert into {batch.Table("mission_views")} (mission_id, version, updated, data)
                select m.id, m.version, now(), m.data from unnest(@ids, @versions, @data) as m(id, version, data)
                on conflict (mission_id) do update set version = excluded.version, updated = excluded.updated, data = excluded.data
                """))
            {
                write.Parameters.AddWithValue("ids", dashboards.Select(d => d.MissionId).ToArray());
                write.Parameters.AddWithValue("versions", dashboards.Select(d => d.Version).ToArray());
                write.Parameters.AddWithValue("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                    dashboards.Select(d => JsonSerializer.Serialize(d, projection.options)).ToArray());
                await write.ExecuteNonQueryAsync(ct);
            }

            foreach (var id in changed)
            {
                var (strategy, view) = Strategies[id];
                projection.strategyCache[id] = (strategy, view);
                batch.Notify(LiveViews.Channel, $"s:{id}");
            }
            foreach (var dashboard in dashboards)
            {
                projection.missionCache[dashboard.MissionId] = Missions[dashboard.MissionId];
                batch.Notify(LiveViews.Channel, $"m:{dashboard.MissionId}");
            }
        }
    }
}

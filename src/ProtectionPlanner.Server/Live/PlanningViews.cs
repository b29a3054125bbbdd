using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Commands;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// The read models of planning: each strategy's plan view and the log of its changes (one per view version), and each
/// mission's dashboard. Every strategy event, and every mission event that changes what a strategy's view shows, makes
/// one view change, attributed to the event's actor and reason. After commit it notifies <see cref="LiveViews.Channel"/>
/// so every node pushes the changes to its subscribers. A plan view is stored as a row of its single values and one
/// row per item (by list and position), so that a change writes the items it changed, not the whole document; a
/// reader puts the document together in one statement (<see cref="ReadViewAsync"/>). Documents are <c>json</c> (text
/// kept as written), not <c>jsonb</c>: they are only ever read whole; compressed with lz4, several times cheaper than
/// the default pglz.
/// </summary>
public sealed class PlanningViews(PlanningStates states, IOptions<JsonOptions> json) : IProjection
{
    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;
    private readonly PlanningStates states = states;

    /// <summary>What the committed live batches left, and what the committed batches of a rebuild left in its tables.</summary>
    private Cache live = new(), rebuild = new();

    public string Name => "planning_views";

    public int Version => 7;

    public IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new("strategy_views", """
            strategy_id uuid primary key, mission_id uuid not null, stream_version bigint not null,
            view_version bigint not null, updated timestamptz not null, data json compression lz4 not null
            """, "(mission_id)"),
        new("strategy_view_items", "strategy_id uuid not null, list text not null, position int not null, data json not null, primary key (strategy_id, list, position)"),
        new("strategy_changes", """
            strategy_id uuid not null, view_version bigint not null, stream_version bigint not null, mission_id uuid not null,
            at timestamptz not null, actor text not null, role text, event text not null, kinds text[] not null, items text[] not null,
            touched text[] not null, data json compression lz4 not null, primary key (strategy_id, view_version)
            """, "(at, strategy_id, view_version)", "(strategy_id, actor, view_version)", "using gin (items)", "(strategy_id, stream_version)"),
        new("mission_views", "mission_id uuid primary key, version bigint not null, updated timestamptz not null, data json compression lz4 not null"),
    ];

    /// <summary>The rebuild's tables are the live ones now, and so is what its batches left.</summary>
    public void Swapped() => (live, rebuild) = (rebuild, new Cache());

    /// <summary>Mission and planning events; exercise events never change a strategy's view.</summary>
    public bool Handles(StoredEvent @event) => IsMission(@event.Data) || IsStrategy(@event.Data);

    public async Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        var events = batch.Events.Where(Handles).ToList();
        if (events.Count == 0) return;
        var missionIds = events.Where(e => IsMission(e.Data)).Select(e => e.StreamId)
            .Concat(events.Select(e => e.Data).OfType<StrategyDrafted>().Select(e => e.MissionId)).ToHashSet();
        var strategyIds = events.Where(e => IsStrategy(e.Data)).Select(e => e.StreamId).Concat(missionIds.Select(Ids.StrategyOf)).ToHashSet();

        var work = new Work(this, batch);
        await work.LoadAsync(strategyIds, missionIds, cancellationToken);
        foreach (var @event in events)
        {
            var recorded = new Recorded(@event.Version, @event.Metadata.Actor, @event.Timestamp);
            if (IsMission(@event.Data))
            {
                work.Missions[@event.StreamId] = Mission.Evolve(work.Missions.GetValueOrDefault(@event.StreamId) ?? Mission.None, @event.Data, recorded);
                work.MissionsChanged.Add(@event.StreamId);
                work.Touch(@event.StreamId, @event);
                if (work.Strategies.TryGetValue(Ids.StrategyOf(@event.StreamId), out var folded)) work.Change(folded.Strategy, @event);
            }
            else if (work.Strategies.ContainsKey(@event.StreamId) || @event.Data is StrategyDrafted)
            {
                // Only strategy streams: an exercise stream holds planning events too, for its copy of the plan.
                var strategy = Strategy.Evolve(work.Strategies.GetValueOrDefault(@event.StreamId)?.Strategy ?? Strategy.None, @event.Data, recorded);
                work.Change(strategy, @event);
                work.Touch(strategy.MissionId, @event);
            }
        }
        work.Save();
    }

    private static bool IsMission(object data) => data.GetType().Namespace == typeof(Mission).Namespace;

    private static bool IsStrategy(object data) => data.GetType().Namespace == typeof(Strategy).Namespace;

    /// <summary>
    /// The states and views this node's committed batches left (only the node running the projection has any), so a
    /// batch need not fold a strategy again from its stream. <see cref="Confirmed"/> while the last batch committed:
    /// after one that did not, what it found unexpected is unknown, and everything is read again.
    /// </summary>
    private sealed class Cache
    {
        public ConcurrentDictionary<Guid, Folded> Strategies { get; } = new();
        public ConcurrentDictionary<Guid, Mission> Missions { get; } = new();
        public bool Confirmed { get; set; }
    }

    /// <summary>A strategy with its view document (null before its first event), and the plan view it was made from
    /// when this node made it (the mission dashboard sums it up).</summary>
    private sealed record Folded(Strategy Strategy, ViewDocument? View, long ViewVersion, PlanView? Plan = null);

    /// <summary>
    /// The statement reading a strategy's plan view from <paramref name="views"/> and <paramref name="items"/>: its row,
    /// then its items by list and position. One statement, so one snapshot: never the row of one version with the
    /// items of another.
    /// </summary>
    public static string ViewQuery(string views, string items) => $$"""
        select null as list, stream_version, data::text from {{views}} where strategy_id = @id
        union all
        select list, position, data::text from {{items}} where strategy_id = @id
        order by list nulls first, stream_version
        """;

    /// <summary>Runs <see cref="ViewQuery"/>: the view's stream version and document, or null when there is none.</summary>
    public static async Task<(long StreamVersion, ViewDocument View)?> ReadViewAsync(NpgsqlCommand query, Guid strategyId, CancellationToken ct)
    {
        query.Parameters.AddWithValue("id", strategyId);
        (long Version, string Data)? row = null;
        var items = new List<(string List, string Json)>();
        await using (var reader = await query.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(0)) row = (reader.GetInt64(1), reader.GetString(2));
                else items.Add((reader.GetString(0), reader.GetString(2)));
            }
        return row is { } view ? (view.Version, ViewDocument.Parse(view.Data, items.ToLookup(i => i.List, i => i.Json))) : null;
    }

    /// <summary>One batch's working set: the states it folds, and the rows it writes.</summary>
    private sealed class Work(PlanningViews projection, ProjectionBatch batch)
    {
        public Dictionary<Guid, Folded> Strategies { get; } = [];
        public Dictionary<Guid, Mission> Missions { get; } = [];

        /// <summary>The missions whose own streams changed in the batch (their members among what may have).</summary>
        public HashSet<Guid> MissionsChanged { get; } = [];

        /// <summary>The views as their item rows held them when the batch began, where this node knows (it wrote them).</summary>
        private readonly Dictionary<Guid, ViewDocument?> stored = [];
        private readonly List<ViewChange> changes = [];
        private readonly Dictionary<Guid, LastChange> lastChanges = [];

        private readonly Cache cache = batch.Rebuilding ? projection.rebuild : projection.live;

        public async Task LoadAsync(IReadOnlyCollection<Guid> strategyIds, IReadOnlyCollection<Guid> missionIds, CancellationToken ct)
        {
            if (!cache.Confirmed)
            {
                cache.Strategies.Clear();
                cache.Missions.Clear();
            }
            cache.Confirmed = false;
            if (!batch.Rebuilding && Remembered(strategyIds, missionIds)) return;
            var missionVersions = new Dictionary<Guid, long>();
            var rows = new List<(Guid Id, long StreamVersion, long ViewVersion)>();
            await using (var query = batch.CreateCommand($"""
                select mission_id, version, null from {batch.Table("mission_views")}
                where mission_id = any(@missions)
                   or mission_id in (select mission_id from {batch.Table("strategy_views")} where strategy_id = any(@strategies))
                union all
                select strategy_id, stream_version, view_version from {batch.Table("strategy_views")} where strategy_id = any(@strategies)
                """))
            {
                query.Parameters.AddWithValue("missions", missionIds.ToArray());
                query.Parameters.AddWithValue("strategies", strategyIds.ToArray());
                await using var reader = await query.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    if (reader.IsDBNull(2)) missionVersions[reader.GetGuid(0)] = reader.GetInt64(1);
                    else rows.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }
            foreach (var (id, version) in missionVersions)
                Missions[id] = cache.Missions.TryGetValue(id, out var cached) && cached.Version == version
                    ? cached : await projection.states.MissionAtAsync(id, version, ct);
            foreach (var row in rows)
            {
                if (cache.Strategies.TryGetValue(row.Id, out var cached)
                    && cached.Strategy.Version == row.StreamVersion && cached.ViewVersion == row.ViewVersion)
                {
                    Strategies[row.Id] = cached;
                    stored[row.Id] = cached.View;
                    continue;
                }
                await using var query = batch.CreateCommand(ViewQuery(batch.Table("strategy_views"), batch.Table("strategy_view_items")));
                var view = (await ReadViewAsync(query, row.Id, ct))!.Value.View;
                Strategies[row.Id] = new Folded(await projection.states.StrategyAtAsync(row.Id, row.StreamVersion, ct), view, row.ViewVersion);
            }
        }

        /// <summary>
        /// A live batch that only touches strategies and missions this node's last batches left: it takes them as
        /// remembered, without reading their rows (a round trip less before the views reach their subscribers), and
        /// the batch expects, as it commits, that their rows are still those versions (another node's run of the
        /// projection or of its rebuild would fail it, and it is applied again, read afresh).
        /// </summary>
        private bool Remembered(IReadOnlyCollection<Guid> strategyIds, IReadOnlyCollection<Guid> missionIds)
        {
            var strategies = strategyIds.Select(id => cache.Strategies.GetValueOrDefault(id)).ToList();
            if (strategies.Contains(null)) return false;
            var missions = missionIds.Concat(strategies.Select(s => s!.Strategy.MissionId)).Distinct()
                .Select(id => cache.Missions.GetValueOrDefault(id)).ToList();
            if (missions.Contains(null)) return false;
            foreach (var folded in strategies)
            {
                Strategies[folded!.Strategy.Id] = folded;
                stored[folded.Strategy.Id] = folded.View;
            }
            foreach (var mission in missions) Missions[mission!.Id] = mission;
            var expectation = batch.Expect($"""
                (select count(*) from {batch.Table("strategy_views")} v join unnest($1, $2, $3) as e(id, stream, view)
                   on v.strategy_id = e.id and v.stream_version = e.stream and v.view_version = e.view) = cardinality($1)
                and (select count(*) from {batch.Table("mission_views")} m join unnest($4, $5) as e(id, version)
                   on m.mission_id = e.id and m.version = e.version) = cardinality($4)
                """);
            foreach (var value in new Array[]
                     {
                         strategies.Select(s => s!.Strategy.Id).ToArray(), strategies.Select(s => s!.Strategy.Version).ToArray(),
                         strategies.Select(s => s!.ViewVersion).ToArray(),
                         missions.Select(m => m!.Id).ToArray(), missions.Select(m => m!.Version).ToArray(),
                     })
                expectation.Parameters.Add(new NpgsqlParameter { Value = value });
            return true;
        }

        /// <summary>Records the view change <paramref name="event"/> made to <paramref name="strategy"/>, if any.</summary>
        public void Change(Strategy strategy, StoredEvent @event)
        {
            var mission = Missions.GetValueOrDefault(strategy.MissionId) ?? Mission.None;
            var before = Strategies.GetValueOrDefault(strategy.Id);
            var version = (before?.ViewVersion ?? 0) + 1;
            var plan = PlanView.Of(strategy, mission, version, @event.Timestamp, @event.Metadata.Actor);
            var view = ViewDocument.Of(plan, projection.options);
            var items = ViewChanges.Between(before?.View, view);
            if (items.Count == 0 && !IsStrategy(@event.Data))
            {
                Strategies[strategy.Id] = before! with { Strategy = strategy }; // a mission change this view does not show
                return;
            }
            Strategies[strategy.Id] = new Folded(strategy, view, version, plan);
            var summary = HistorySentence.Of(@event.Metadata.Actor, @event.Metadata.Reason, @event.Type,
                items.Select(item => (item, before?.View?.Item(item.Kind, item.Id))).ToList());
            changes.Add(new ViewChange(strategy.Id, version, strategy.Version, @event.Timestamp, @event.Metadata.Actor, @event.Metadata.Role,
                @event.Metadata.Reason, @event.Type, summary, items));
        }

        private static string Joined(IEnumerable<string> values) => string.Join('\u001f', values);

        /// <summary>Queues a write with the batch's commit (the daemon sends them in one round trip); none for no rows.</summary>
        private void Write(string sql, Array rows, params object[] more)
        {
            if (rows.Length == 0) return;
            var write = batch.Write(sql);
            foreach (var value in more.Prepend(rows))
                write.Parameters.Add(value is JsonTexts json
                    ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json, Value = json.Texts }
                    : new NpgsqlParameter { Value = value });
        }

        /// <summary>Texts written as a json[] parameter.</summary>
        private sealed record JsonTexts(string[] Texts);

        public void Touch(Guid missionId, StoredEvent @event) =>
            lastChanges[missionId] = new LastChange(@event.Timestamp, @event.Metadata.Actor, @event.Type);

        public void Save()
        {
            var changed = changes.Select(c => c.StrategyId).Distinct().Select(id => (Id: id, Folded: Strategies[id])).ToList();
            // Items against the rows as this node wrote them; all of them where it did not (its first batch of the
            // strategy, a takeover, a view another version of the projection wrote as one document).
            var items = changed.Select(s => (s.Id, Rows: s.Folded.View!.RowsSince(stored.GetValueOrDefault(s.Id)))).ToList();
            var cuts = items.SelectMany(s => s.Rows.Cuts.Select(cut => (s.Id, cut.List, cut.From))).ToList();
            var rows = items.SelectMany(s => s.Rows.Rows.Select(row => (s.Id, row.List, row.Position, row.Json))).ToList();
            var dashboards = lastChanges.Keys.Where(Missions.ContainsKey).Select(id =>
            {
                var mission = Missions[id];
                var strategy = Strategies.GetValueOrDefault(Ids.StrategyOf(id));
                var view = strategy is null ? null : strategy.Plan ?? PlanView.Of(strategy.Strategy, mission, strategy.ViewVersion, null, null);
                return MissionDashboard.Of(mission, view, lastChanges[id]);
            }).Where(d => d.Version > 0).ToList();

            // A change's kinds, items and "kind:item" entries, each list one text joined by U+001F (keys hold ':' and ','),
            // split into arrays by the statement: deriving them there from the JSON cost more than the rest of the batch.
            var changeJson = changes.Select(c => JsonSerializer.Serialize(c, projection.options)).ToArray();
            Write($"""
                insert into {batch.Table("strategy_changes")} (strategy_id, view_version, stream_version, mission_id, at, actor, role, event, kinds, items, touched, data)
                select c.id, c.view, c.stream, c.mission, c.at, c.actor, c.role, c.event,
                       string_to_array(c.kinds, chr(31)), string_to_array(c.items, chr(31)), string_to_array(c.touched, chr(31)), c.data
                from unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) as c(id, view, stream, mission, at, actor, role, event, kinds, items, touched, data)
                """,
                changes.Select(c => c.StrategyId).ToArray(), changes.Select(c => c.ViewVersion).ToArray(), changes.Select(c => c.StreamVersion).ToArray(),
                changes.Select(c => Strategies[c.StrategyId].Strategy.MissionId).ToArray(), changes.Select(c => c.At).ToArray(),
                changes.Select(c => c.Actor).ToArray(), changes.Select(c => c.Role).ToArray(), changes.Select(c => c.Event).ToArray(),
                changes.Select(c => Joined(c.Changes.Select(i => i.Kind).Distinct())).ToArray(),
                changes.Select(c => Joined(c.Changes.Select(i => i.Id).OfType<string>().Distinct())).ToArray(),
                changes.Select(c => Joined(c.Changes.Select(i => $"{i.Kind}:{i.Id}"))).ToArray(), new JsonTexts(changeJson));
            Write($"""
                insert into {batch.Table("strategy_views")} as v (strategy_id, mission_id, stream_version, view_version, updated, data)
                select s.id, s.mission, s.stream, s.view, now(), s.data from unnest($1, $2, $3, $4, $5) as s(id, mission, stream, view, data)
                on conflict (strategy_id) do update set stream_version = excluded.stream_version, view_version = excluded.view_version,
                    updated = excluded.updated, data = excluded.data
                """,
                changed.Select(s => s.Id).ToArray(), changed.Select(s => s.Folded.Strategy.MissionId).ToArray(), changed.Select(s => s.Folded.Strategy.Version).ToArray(),
                changed.Select(s => s.Folded.ViewVersion).ToArray(), new JsonTexts([.. changed.Select(s => s.Folded.View!.SinglesJson())]));
            Write($"""
                delete from {batch.Table("strategy_view_items")} i using unnest($1, $2, $3) as c(id, list, position)
                where i.strategy_id = c.id and i.list = c.list and i.position >= c.position
                """,
                cuts.Select(c => c.Id).ToArray(), cuts.Select(c => c.List).ToArray(), cuts.Select(c => c.From).ToArray());
            Write($"""
                insert into {batch.Table("strategy_view_items")} (strategy_id, list, position, data) select * from unnest($1, $2, $3, $4)
                on conflict (strategy_id, list, position) do update set data = excluded.data
                """,
                rows.Select(r => r.Id).ToArray(), rows.Select(r => r.List).ToArray(), rows.Select(r => r.Position).ToArray(), new JsonTexts([.. rows.Select(r => r.Json)]));
            Write($"""
                insert into {batch.Table("mission_views")} (mission_id, version, updated, data)
                select m.id, m.version, now(), m.data from unnest($1, $2, $3) as m(id, version, data)
                on conflict (mission_id) do update set version = excluded.version, updated = excluded.updated, data = excluded.data
                """,
                dashboards.Select(d => d.MissionId).ToArray(), dashboards.Select(d => d.Version).ToArray(),
                new JsonTexts([.. dashboards.Select(d => JsonSerializer.Serialize(d, projection.options))]));

            // Changed missions first: a node reads a mission's members again on its notice, before it pushes the
            // strategy changes that follow it (LiveAccess).
            foreach (var missionId in MissionsChanged) batch.Notify(LiveViews.Channel, $"r:{missionId}");
            foreach (var dashboard in dashboards) batch.Notify(LiveViews.Channel, $"m:{dashboard.MissionId}");
            var remember = (Missions: dashboards.Select(d => Missions[d.MissionId]).ToList(), Strategies: changed.Select(s => s.Folded).ToList());
            batch.OnCommitted(() =>
            {
                foreach (var mission in remember.Missions) cache.Missions[mission.Id] = mission;
                foreach (var folded in remember.Strategies) cache.Strategies[folded.Strategy.Id] = folded;
                cache.Confirmed = true;
            });
            foreach (var (id, folded) in changed)
            {
                // Each change in a notice of its own when every one fits, so that no node reads them back; else one "s:".
                var notices = changes.Select((change, i) => (change, Json: changeJson[i])).Where(c => c.change.StrategyId == id)
                    .Select(c => LiveViews.ChangeNotice(id, c.change.ViewVersion, c.Json)).ToList();
                if (notices.Contains(null)) notices = [$"s:{id}"];
                foreach (var notice in notices) batch.Notify(LiveViews.Channel, notice!);
            }
        }
    }
}

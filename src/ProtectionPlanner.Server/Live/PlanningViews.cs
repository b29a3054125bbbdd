using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;
using Weasel.Postgresql.Tables;
using static ProtectionPlanner.Server.Hosting.ReadModelTables;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// The read models of planning, kept by Marten's async daemon: each strategy's plan view and the log of its changes
/// (one per view version), and each mission's dashboard. Every event of a strategy stream, and every event of a mission
/// stream that changes what its strategy's view shows, makes one view change, attributed to the event's actor (Marten's
/// user name), role and reason (its headers). Exercise streams hold planning events too, for their copy of the plan:
/// streams are told apart by their type, which the daemon reads with each event. The batch's notifications go out on
/// <see cref="ReadModelProjection.Channel"/> when it commits, so every node pushes the changes to its subscribers.
/// <para>
/// A plan view is stored as a row of its single values and one row per item (by list and position), so that a change
/// writes the items it changed, not the whole document; a reader puts the document together in one statement
/// (<see cref="ViewQuery"/>). Documents are <c>json</c> (text kept as written), not <c>jsonb</c>: they are only ever
/// read whole; compressed with lz4.
/// </para>
/// </summary>
public sealed class PlanningViews : ReadModelProjection
{
    public const string ProjectionName = "planning_views";

    private static readonly string StrategyStream = MartenSetup.StreamType<Strategy>();
    private static readonly string MissionStream = MartenSetup.StreamType<Mission>();

    private readonly JsonSerializerOptions options;

    /// <summary>What this instance's committed batches left; the daemon applies one batch at a time.</summary>
    private readonly Cache cache = new();

    public PlanningViews(JsonSerializerOptions options, string suffix = "") : base(ProjectionName, suffix)
    {
        this.options = options;
        // The daemon loads only the two streams' vocabularies; which stream an event is in is decided by its type.
        foreach (var (type, _) in EventTypes.All)
            if (type.Namespace == typeof(Mission).Namespace || type.Namespace == typeof(Strategy).Namespace)
                IncludeType(type);
        Tables =
        [
            Define("strategy_views", suffix, 1, "strategy_id uuid", "mission_id uuid", "stream_version bigint",
                    "view_version bigint", "updated timestamptz", "data json")
                .Compressed("data").Index("mission_id"),
            Define("strategy_view_items", suffix, 3, "strategy_id uuid", "list text", "position int", "data json"),
            Define("strategy_changes", suffix, 2, "strategy_id uuid", "view_version bigint", "stream_version bigint",
                    "mission_id uuid", "at timestamptz", "actor text", "role text null", "event text", "kinds text[]",
                    "items text[]", "touched text[]", "data json")
                .Compressed("data").Index("at", "strategy_id", "view_version")
                .Index("strategy_id", "actor", "view_version")
                .Index(IndexMethod.gin, "items").Index("strategy_id", "stream_version"),
            Define("mission_views", suffix, 1, "mission_id uuid", "version bigint", "updated timestamptz", "data json")
                .Compressed("data"),
        ];
    }

    public override IReadOnlyList<ReadModelTable> Tables { get; }

    public override ReadModelProjection ForRebuild() => new PlanningViews(options, RebuildSuffix);

    public override string NotifyAll => $"""
        select pg_notify('{Channel}', n) from (
            select 's:' || strategy_id as n from {Table("strategy_views")}
            union all select 'm:' || mission_id from {Table("mission_views")}) notices
        """;

    /// <summary>
    /// The statement reading a strategy's plan view from <paramref name="views"/> and <paramref name="items"/>: its
    /// row, then its items by list and position. One statement, so one snapshot: never the row of one version with
    /// the items of another.
    /// </summary>
    public static string ViewQuery(string views, string items) => $$"""
        select null as list, stream_version, data::text from {{views}} where strategy_id = @id
        union all
        select list, position, data::text from {{items}} where strategy_id = @id
        order by list nulls first, stream_version
        """;

    /// <summary>Runs <see cref="ViewQuery"/> with <paramref name="execute"/>: the view's stream version and document,
    /// or null when there is none.</summary>
    public static async Task<(long StreamVersion, ViewDocument View)?> ReadViewAsync(
        NpgsqlCommand query, Guid strategyId, Func<NpgsqlCommand, CancellationToken, Task<DbDataReader>> execute,
        CancellationToken ct)
    {
        query.Parameters.AddWithValue("id", strategyId);
        (long Version, string Data)? row = null;
        var items = new List<(string List, string Json)>();
        await using (var reader = await execute(query, ct))
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(0)) row = (reader.GetInt64(1), reader.GetString(2));
                else items.Add((reader.GetString(0), reader.GetString(2)));
            }
        return row is { } view
            ? (view.Version, ViewDocument.Parse(view.Data, items.ToLookup(i => i.List, i => i.Json)))
            : null;
    }

    public override async Task ApplyAsync(
        IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var planning = events.Where(e => e.AggregateTypeName == StrategyStream || e.AggregateTypeName == MissionStream)
            .ToList();
        if (planning.Count == 0) return;
        var work = new Work(this, operations, planning);
        await work.LoadAsync(ct);
        if (planning.Count == 0) return; // all of them reflected already
        // Traced commands see their events projected, in their traces, until the batch commits.
        var traced = Operations.Telemetry.StartInTraces(
            "project planning_views", planning.Select(e => Header(e, EventHeaders.TraceParent)));
        foreach (var @event in planning) Guard(@event, () => work.Apply(@event));
        work.Save(traced);
    }

    private static bool IsMissionStream(IEvent @event) => @event.AggregateTypeName == MissionStream;

    /// <summary>
    /// The states and views this instance's committed batches left, with the identity of the table they are in (a
    /// rebuild's swap makes another one live). A batch takes a strategy from here only when its row still holds the
    /// versions remembered, so another node's run of the projection, a swap or any other write is read afresh.
    /// </summary>
    private sealed class Cache
    {
        public ConcurrentDictionary<Guid, Folded> Strategies { get; } = new();
        public ConcurrentDictionary<Guid, Mission> Missions { get; } = new();
        public long Table { get; set; }
    }

    /// <summary>A strategy with its view document (null before its first change), and the plan view it was made
    /// from when this batch made it (the mission dashboard sums it up).</summary>
    private sealed record Folded(Strategy Strategy, ViewDocument? View, long ViewVersion, PlanView? Plan = null);

    private sealed record Row(long StreamVersion, long ViewVersion, Guid MissionId);

    /// <summary>One batch's working set: the states it folds, and the rows it writes.</summary>
    private sealed class Work(PlanningViews projection, IDocumentOperations operations, List<IEvent> events)
    {
        public Dictionary<Guid, Folded> Strategies { get; } = [];
        public Dictionary<Guid, Mission> Missions { get; } = [];

        /// <summary>The missions whose own streams changed in the batch (their members among what may have).</summary>
        private readonly HashSet<Guid> missionsChanged = [];

        /// <summary>The views as their item rows hold them when the batch began, where this instance knows (it wrote
        /// them).</summary>
        private readonly Dictionary<Guid, ViewDocument?> stored = [];
        private readonly List<ViewChange> changes = [];

        /// <summary>The trace context of each change's event, when its command was traced.</summary>
        private readonly List<string?> traces = [];
        private readonly Dictionary<Guid, LastChange> lastChanges = [];
        private long table;

        /// <summary>
        /// Reads the rows the batch's strategies and missions have, and their states at the versions the batch
        /// follows on from: remembered when this instance's last batches left them so, else folded by Marten from the
        /// stream. A state is always its stream folded to a version: after an event the daemon skipped as a dead
        /// letter, the next one folds the stream again, the skipped event included.
        /// </summary>
        public async Task LoadAsync(CancellationToken ct)
        {
            var missionIds = events.Where(IsMissionStream).Select(e => e.StreamId)
                .Concat(events.Select(e => e.Data).OfType<StrategyDrafted>().Select(e => e.MissionId)).ToHashSet();
            var strategyIds = events.Where(e => !IsMissionStream(e)).Select(e => e.StreamId)
                .Concat(missionIds.Select(Ids.StrategyOf)).ToHashSet();

            var missionRows = new Dictionary<Guid, long>();
            var strategyRows = new Dictionary<Guid, Row>();
            await using (var query = new NpgsqlCommand($"""
                select 'o', null::uuid, coalesce(to_regclass('{projection.Table("strategy_views")}')::oid::bigint, 0),
                       null::bigint, null::uuid
                union all
                select 'm', mission_id, version, null, null from {projection.Table("mission_views")}
                where mission_id = any(@missions) or mission_id in
                    (select mission_id from {projection.Table("strategy_views")} where strategy_id = any(@strategies))
                union all
                select 's', strategy_id, stream_version, view_version, mission_id
                from {projection.Table("strategy_views")} where strategy_id = any(@strategies)
                """))
            {
                query.Parameters.AddWithValue("missions", missionIds.ToArray());
                query.Parameters.AddWithValue("strategies", strategyIds.ToArray());
                await using var reader = await operations.ExecuteReaderAsync(query, ct);
                while (await reader.ReadAsync(ct))
                {
                    switch (reader.GetString(0))
                    {
                        case "o": table = reader.GetInt64(2); break;
                        case "m": missionRows[reader.GetGuid(1)] = reader.GetInt64(2); break;
                        default:
                            strategyRows[reader.GetGuid(1)] =
                                new Row(reader.GetInt64(2), reader.GetInt64(3), reader.GetGuid(4));
                            break;
                    }
                }
            }
            // Events the rows already reflect are passed over: a replay of the feed into these tables (Marten's own
            // rebuild of the projection, which has no tables to tear down) leaves them as they are.
            events.RemoveAll(e => IsMissionStream(e)
                ? e.Version <= missionRows.GetValueOrDefault(e.StreamId)
                : e.Version <= (strategyRows.GetValueOrDefault(e.StreamId)?.StreamVersion ?? 0));
            if (events.Count == 0) return;
            var firsts = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.First());

            var cache = projection.cache;
            if (cache.Table != table)
            {
                cache.Strategies.Clear();
                cache.Missions.Clear();
            }

            foreach (var id in missionRows.Keys.Union(missionIds))
            {
                var first = firsts.GetValueOrDefault(id);
                var version = first is not null ? first.Version - 1 : missionRows.GetValueOrDefault(id);
                var blame = first
                    ?? events.FirstOrDefault(e => strategyRows.GetValueOrDefault(e.StreamId)?.MissionId == id)
                    ?? events.FirstOrDefault(e => e.Data is StrategyDrafted drafted && drafted.MissionId == id)
                    ?? events[0];
                Missions[id] = cache.Missions.TryGetValue(id, out var cached) && cached.Version == version ? cached
                    : version == 0 ? Mission.None
                    : await FoldAsync<Mission>(id, version, blame, ct) ?? Mission.None;
            }

            foreach (var id in strategyIds)
            {
                var first = firsts.GetValueOrDefault(id);
                var row = strategyRows.GetValueOrDefault(id);
                if (first is null && row is null) continue; // no strategy yet for a mission in the batch
                var version = first is not null ? first.Version - 1 : row!.StreamVersion;
                if (row is not null && row.StreamVersion == version && cache.Strategies.TryGetValue(id, out var cached)
                    && cached.Strategy.Version == version && cached.ViewVersion == row.ViewVersion)
                {
                    Strategies[id] = cached;
                    stored[id] = cached.View;
                    continue;
                }
                if (row is null && version == 0) continue; // a new strategy: its first event makes it
                var blame = first ?? events.First(e => IsMissionStream(e) && Ids.StrategyOf(e.StreamId) == id
                    || e.Data is StrategyDrafted drafted && Ids.StrategyOf(drafted.MissionId) == id);
                var strategy = version == 0 ? Strategy.None
                    : await FoldAsync<Strategy>(id, version, blame, ct) ?? Strategy.None;
                ViewDocument? view = null;
                if (row is not null)
                {
                    await using var query = new NpgsqlCommand(ViewQuery(projection.Table("strategy_views"),
                        projection.Table("strategy_view_items")));
                    view = (await ReadViewAsync(query, id, operations.ExecuteReaderAsync, ct))?.View;
                }
                // Not in stored: where this instance does not know what the item rows hold, it writes them all.
                Strategies[id] = new Folded(strategy, view, row?.ViewVersion ?? 0);
            }
        }

        /// <summary>The stream folded by Marten up to <paramref name="version"/>; a failure of its events (not of
        /// the database) is a dead letter of <paramref name="blame"/>, the batch's event that needed the
        /// state.</summary>
        private async Task<T?> FoldAsync<T>(Guid id, long version, IEvent blame, CancellationToken ct) where T : class
        {
            T? state = null;
            await Guard(blame, async () =>
                state = await operations.Events.AggregateStreamAsync<T>(id, version, token: ct));
            return state;
        }

        public void Apply(IEvent @event)
        {
            var recorded = @event.Recorded();
            if (IsMissionStream(@event))
            {
                var missionId = @event.StreamId;
                Missions[missionId] =
                    Mission.Evolve(Missions.GetValueOrDefault(missionId) ?? Mission.None, @event.Data, recorded);
                missionsChanged.Add(missionId);
                Touch(missionId, @event);
                if (Strategies.TryGetValue(Ids.StrategyOf(missionId), out var folded) && folded.Strategy.Exists)
                    Change(folded.Strategy, @event, ofStrategy: false);
                return;
            }
            var strategy = Strategy.Evolve(
                Strategies.GetValueOrDefault(@event.StreamId)?.Strategy ?? Strategy.None, @event.Data, recorded);
            Change(strategy, @event, ofStrategy: true);
            Touch(strategy.MissionId, @event);
        }

        /// <summary>Records the view change <paramref name="event"/> made to <paramref name="strategy"/>, if any: every
        /// event of the strategy makes one, an event of its mission only when the view shows what it changed.</summary>
        private void Change(Strategy strategy, IEvent @event, bool ofStrategy)
        {
            var mission = Missions.GetValueOrDefault(strategy.MissionId) ?? Mission.None;
            var before = Strategies.GetValueOrDefault(strategy.Id);
            var version = (before?.ViewVersion ?? 0) + 1;
            var actor = @event.UserName ?? "";
            var plan = PlanView.Of(strategy, mission, version, @event.Timestamp, actor);
            var view = ViewDocument.Of(plan, projection.options);
            var items = ViewChanges.Between(before?.View, view);
            if (items.Count == 0 && !ofStrategy)
            {
                // A mission change this view does not show.
                Strategies[strategy.Id] = before! with { Strategy = strategy };
                return;
            }
            Strategies[strategy.Id] = new Folded(strategy, view, version, plan);
            var reason = Header(@event, EventHeaders.Reason);
            var told = items.Select(item => (item, before?.View?.Item(item.Kind, item.Id))).ToList();
            changes.Add(new ViewChange(strategy.Id, version, strategy.Version, @event.Timestamp, actor,
                Header(@event, EventHeaders.Role), reason, @event.EventTypeName,
                HistorySentence.Of(actor, reason, @event.EventTypeName, told), items,
                HistorySentence.Of(Languages.Language.Fr, actor, reason, @event.EventTypeName, told)));
            traces.Add(Header(@event, EventHeaders.TraceParent));
        }

        private void Touch(Guid missionId, IEvent @event) =>
            lastChanges[missionId] = new LastChange(@event.Timestamp, @event.UserName ?? "", @event.EventTypeName);

        private static string Joined(IEnumerable<string> values) => string.Join('\u001f', values);

        /// <summary>Queues a write in the daemon's batch; none for no rows.</summary>
        private void Write(string sql, Array rows, params object?[] more)
        {
            if (rows.Length == 0) return;
            operations.QueueOperation(new ReadModelWrite(sql, [rows, .. more]));
        }

        public void Save(IReadOnlyList<System.Diagnostics.Activity> traced)
        {
            var changed = changes.Select(c => c.StrategyId).Distinct()
                .Select(id => (Id: id, Folded: Strategies[id])).ToList();
            // Items against the rows as this instance wrote them; all of them where it did not know them.
            var items = changed
                .Select(s => (s.Id, Rows: s.Folded.View!.RowsSince(stored.GetValueOrDefault(s.Id)))).ToList();
            var cuts = items.SelectMany(s => s.Rows.Cuts.Select(cut => (s.Id, cut.List, cut.From))).ToList();
            var rows = items
                .SelectMany(s => s.Rows.Rows.Select(row => (s.Id, row.List, row.Position, row.Json))).ToList();
            var dashboards = lastChanges.Keys.Where(Missions.ContainsKey).Select(id =>
            {
                var mission = Missions[id];
                var strategy = Strategies.GetValueOrDefault(Ids.StrategyOf(id));
                var view = strategy is null || !strategy.Strategy.Exists ? null
                    : strategy.Plan ?? PlanView.Of(strategy.Strategy, mission, strategy.ViewVersion, null, null);
                return MissionDashboard.Of(mission, view, lastChanges[id]);
            }).Where(d => d.Version > 0).ToList();

            if (!projection.Rebuilding && (changes.Count > 0 || dashboards.Count > 0))
                operations.QueueOperation(new ReadModelWrite(
                    $"select {Expect}(coalesce(to_regclass(?)::oid::bigint, 0) = ?, ?)",
                    projection.Table("strategy_views"), table,
                    "planning views swapped in by a rebuild after this batch read them"));

            // A change's kinds, items and "kind:item" entries, each list one text joined by U+001F (keys hold ':' and
            // ','), split into arrays by the statement: deriving them there from the JSON cost more than the rest.
            var changeJson = changes.Select(c => JsonSerializer.Serialize(c, projection.options)).ToArray();
            Write($"""
                insert into {projection.Table("strategy_changes")}
                    (strategy_id, view_version, stream_version, mission_id, at, actor, role, event, kinds, items,
                     touched, data)
                select c.id, c.view, c.stream, c.mission, c.at, c.actor, c.role, c.event,
                       string_to_array(c.kinds, chr(31)), string_to_array(c.items, chr(31)),
                       string_to_array(c.touched, chr(31)), c.data
                from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    as c(id, view, stream, mission, at, actor, role, event, kinds, items, touched, data)
                """,
                changes.Select(c => c.StrategyId).ToArray(), changes.Select(c => c.ViewVersion).ToArray(),
                changes.Select(c => c.StreamVersion).ToArray(),
                changes.Select(c => Strategies[c.StrategyId].Strategy.MissionId).ToArray(),
                changes.Select(c => c.At.ToUniversalTime()).ToArray(), changes.Select(c => c.Actor).ToArray(),
                changes.Select(c => c.Role).ToArray(), changes.Select(c => c.Event).ToArray(),
                changes.Select(c => Joined(c.Changes.Select(i => i.Kind).Distinct())).ToArray(),
                changes.Select(c => Joined(c.Changes.Select(i => i.Id).OfType<string>().Distinct())).ToArray(),
                changes.Select(c => Joined(c.Changes.Select(i => $"{i.Kind}:{i.Id}"))).ToArray(),
                new JsonTexts(changeJson));
            Write($"""
                insert into {projection.Table("strategy_views")} as v
                    (strategy_id, mission_id, stream_version, view_version, updated, data)
                select s.id, s.mission, s.stream, s.view, now(), s.data
                from unnest(?, ?, ?, ?, ?) as s(id, mission, stream, view, data)
                on conflict (strategy_id) do update set stream_version = excluded.stream_version,
                    view_version = excluded.view_version, updated = excluded.updated, data = excluded.data
                """,
                changed.Select(s => s.Id).ToArray(), changed.Select(s => s.Folded.Strategy.MissionId).ToArray(),
                changed.Select(s => s.Folded.Strategy.Version).ToArray(),
                changed.Select(s => s.Folded.ViewVersion).ToArray(),
                new JsonTexts([.. changed.Select(s => s.Folded.View!.SinglesJson())]));
            Write($"""
                delete from {projection.Table("strategy_view_items")} i using unnest(?, ?, ?) as c(id, list, position)
                where i.strategy_id = c.id and i.list = c.list and i.position >= c.position
                """,
                cuts.Select(c => c.Id).ToArray(), cuts.Select(c => c.List).ToArray(),
                cuts.Select(c => c.From).ToArray());
            Write($"""
                insert into {projection.Table("strategy_view_items")} (strategy_id, list, position, data)
                select * from unnest(?, ?, ?, ?)
                on conflict (strategy_id, list, position) do update set data = excluded.data
                """,
                rows.Select(r => r.Id).ToArray(), rows.Select(r => r.List).ToArray(),
                rows.Select(r => r.Position).ToArray(),
                new JsonTexts([.. rows.Select(r => r.Json)]));
            Write($"""
                insert into {projection.Table("mission_views")} (mission_id, version, updated, data)
                select m.id, m.version, now(), m.data from unnest(?, ?, ?) as m(id, version, data)
                on conflict (mission_id) do update set version = excluded.version, updated = excluded.updated,
                    data = excluded.data
                """,
                dashboards.Select(d => d.MissionId).ToArray(), dashboards.Select(d => d.Version).ToArray(),
                new JsonTexts([.. dashboards.Select(d => JsonSerializer.Serialize(d, projection.options))]));

            var remember = (Missions: dashboards.Select(d => Missions[d.MissionId]).ToList(),
                Strategies: changed.Select(s => s.Folded).ToList(), Table: table);
            var notices = projection.Rebuilding ? [] : Notices(changed, changeJson, dashboards);
            operations.QueueOperation(new ReadModelCommit(Channel, notices, () =>
            {
                var cache = projection.cache;
                cache.Table = remember.Table;
                foreach (var mission in remember.Missions) cache.Missions[mission.Id] = mission;
                foreach (var folded in remember.Strategies) cache.Strategies[folded.Strategy.Id] = folded;
                Operations.Telemetry.Stop(traced);
            }));
        }

        /// <summary>
        /// Changed missions first (a node reads a mission's members again on its notice, before it pushes the strategy
        /// changes that follow: LiveAccess), then dashboards, then each strategy's changes, each in a notice of its own
        /// when every one fits (no node reads them back), else one "s:".
        /// </summary>
        private List<string> Notices(
            List<(Guid Id, Folded Folded)> changed, string[] changeJson, List<MissionDashboard> dashboards)
        {
            var notices = missionsChanged.Select(id => $"r:{id}").ToList();
            notices.AddRange(dashboards.Select(dashboard => $"m:{dashboard.MissionId}"));
            foreach (var (id, _) in changed)
            {
                var carried = changes.Select((change, i) => (change, Json: changeJson[i], Trace: traces[i]))
                    .Where(c => c.change.StrategyId == id)
                    .Select(c => LiveViews.ChangeNotice(id, c.change.ViewVersion, c.Json, c.Trace)).ToList();
                notices.AddRange(carried.Contains(null) ? [$"s:{id}"] : carried.OfType<string>());
            }
            return notices;
        }
    }
}

using System.Security.Cryptography;
using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;
using Npgsql;
using NpgsqlTypes;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// Marten, configured as the app configures it (<see cref="MartenSetup.Configure"/>: the hash chain and its stream
/// heads, metadata headers), against raw PostgreSQL on a table shaped like Marten's <c>mt_events</c> (same columns and
/// indexes): single-event appends at an expected version vs single-row INSERT transactions, 1,000-event appends vs
/// 1,000-row INSERTs, and reads of the whole feed. A store with Marten's own defaults, in a schema of its own, shows
/// what the app's configuration adds to a bare quick append.
/// </summary>
public sealed class StoreBenchmarks : IAsyncDisposable
{
    private const int Writers = 8;
    private const int BatchSize = 1000;
    private const string BareSchema = "bare";

    private static readonly ThreatIdentified Threat = new(Guid.Parse("6f1c2a6e-5a54-4d8e-9d43-7f9a3b0c2e11"), "T-01",
        Servers.Threat(1));

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeSpan duration;
    private readonly int rounds;
    private readonly DocumentStore store;
    private readonly DocumentStore bare;
    private readonly string data, headers;

    public StoreBenchmarks(NpgsqlDataSource dataSource, TimeSpan duration, int rounds)
    {
        (this.dataSource, this.duration, this.rounds) = (dataSource, duration, rounds);
        store = DocumentStore.For(options =>
        {
            MartenSetup.Configure(options);
            options.Connection(dataSource);
        });
        bare = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = BareSchema;
            options.Events.DatabaseSchemaName = BareSchema;
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.UseSystemTextJsonForSerialization(EventTypes.SerializerOptions(), EnumStorage.AsString, Casing.CamelCase);
            options.Events.MapEventType<ThreatIdentified>("threat_identified");
        });
        // What a raw row carries: the event's JSON as Marten writes it, and headers as a command's (with a hash).
        data = store.Options.Serializer().ToJson(Threat);
        headers = $$"""
            {"role":"Planner","commandId":"{{Guid.NewGuid()}}","reason":"new JMAC report","hash":"{{new string('a', 64)}}"}
            """;
    }

    /// <summary>Creates Marten's tables (both stores) and the raw baseline table; returns no figures yet.</summary>
    public async Task<Dictionary<string, double>> PrepareAsync()
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        await bare.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        await using var create = dataSource.CreateCommand($"""
            drop table if exists raw_events;
            create table raw_events (like {MartenSetup.Schema}.mt_events including defaults including constraints
                including indexes);
            create sequence if not exists raw_positions;
            alter table raw_events alter column seq_id set default nextval('raw_positions');
            """);
        await create.ExecuteNonQueryAsync();
        return [];
    }

    public async Task<Dictionary<string, double>> RunAsync()
    {
        var results = await PrepareAsync();
        // Warm up every measured path until this process's JIT is quiet: tiered compilation would otherwise go on
        // recompiling them during the first pairs, Marten's larger share of code more than the bare insert's.
        results["store_warmup_s"] = await Jit.WarmUpAsync([Environment.ProcessId], TimeSpan.FromSeconds(10), async length =>
        {
            var part = length / 6;
            await RawInsertsAsync(part);
            await AppendsAsync(keyed: true, part);
            await BareAppendsAsync(part);
            await RawBatchesAsync(part);
            await BatchAppendsAsync(part);
            await BareBatchAppendsAsync(part);
        });
        Measure.CpuCost rawCost = new(), appendCost = new();
        (results["raw_insert_tps"], results["append_tps"], results["append_ratio"]) = await Measure.PairAsync(rounds,
            () => RawInsertsAsync(cost: rawCost), () => AppendsAsync(keyed: false, cost: appendCost));
        // Where the difference goes: CPU per operation of the benchmark process (client) and of PostgreSQL.
        (results["raw_insert_client_cpu_us"], results["raw_insert_database_cpu_us"]) =
            (rawCost.ClientMicroseconds, rawCost.DatabaseMicroseconds);
        (results["append_client_cpu_us"], results["append_database_cpu_us"]) =
            (appendCost.ClientMicroseconds, appendCost.DatabaseMicroseconds);
        (_, results["append_with_command_id_tps"], results["append_with_command_id_ratio"]) =
            await Measure.PairAsync(rounds, () => RawInsertsAsync(), () => AppendsAsync(keyed: true));
        Measure.CpuCost bareCost = new();
        (_, results["bare_marten_append_tps"], results["bare_marten_append_ratio"]) =
            await Measure.PairAsync(rounds, () => RawInsertsAsync(), () => BareAppendsAsync(cost: bareCost));
        (results["bare_marten_append_client_cpu_us"], results["bare_marten_append_database_cpu_us"]) =
            (bareCost.ClientMicroseconds, bareCost.DatabaseMicroseconds);
        Measure.CpuCost rawBatchCost = new(), batchCost = new();
        (results["raw_batch_rows_per_s"], results["batch_append_events_per_s"], results["batch_ratio"]) =
            await Measure.PairAsync(rounds, () => RawBatchesAsync(cost: rawBatchCost), () => BatchAppendsAsync(cost: batchCost));
        (results["raw_batch_client_cpu_us"], results["raw_batch_database_cpu_us"]) =
            (rawBatchCost.ClientMicroseconds, rawBatchCost.DatabaseMicroseconds);
        (results["batch_append_client_cpu_us"], results["batch_append_database_cpu_us"]) =
            (batchCost.ClientMicroseconds, batchCost.DatabaseMicroseconds);
        Measure.CpuCost bareBatchCost = new();
        (_, results["bare_marten_batch_events_per_s"], results["bare_marten_batch_ratio"]) =
            await Measure.PairAsync(rounds, () => RawBatchesAsync(), () => BareBatchAppendsAsync(cost: bareBatchCost));
        (results["bare_marten_batch_client_cpu_us"], results["bare_marten_batch_database_cpu_us"]) =
            (bareBatchCost.ClientMicroseconds, bareBatchCost.DatabaseMicroseconds);
        await FeedAsync(); // warm-up: JIT, and the hint bits PostgreSQL writes on first reading fresh rows
        results["feed_events_per_s"] = await FeedAsync();
        results["events_in_store"] = await CountAsync();
        return results;
    }

    /// <summary>(a): single-row INSERT transactions per second with 8 connections.</summary>
    public Task<double> RawInsertsAsync(TimeSpan? length = null, Measure.CpuCost? cost = null) =>
        Measure.ThroughputAsync(Writers, length ?? duration, writer =>
        {
            var stream = Guid.NewGuid();
            var version = 0L;
            return async () =>
            {
                await using var insert = dataSource.CreateCommand("""
                    insert into raw_events (id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers,
                        user_name, correlation_id, causation_id)
                    values ($1, $2, $3, $4, 'threat_identified', $5, $6, $7, 'planner1', $8, $9)
                    """);
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++version });
                insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = data });
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = typeof(ThreatIdentified).FullName });
                insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = headers });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"corr-{writer}" });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Guid.NewGuid().ToString() });
                await insert.ExecuteNonQueryAsync();
                return 1;
            };
        }, cost);

    /// <summary>
    /// (b): single-event appends at an expected version through a session, stamped as the command workflow stamps
    /// them (Commands/Workflow.Append). Keyed, as a command with an Idempotency-Key: the key is looked up first and
    /// its record inserted with the event.
    /// </summary>
    private Task<double> AppendsAsync(bool keyed, TimeSpan? length = null, Measure.CpuCost? cost = null) =>
        Measure.ThroughputAsync(Writers, length ?? duration, writer =>
        {
            var stream = Guid.NewGuid();
            var version = 0L;
            return async () =>
            {
                await using var session = store.LightweightSession();
                var commandId = $"planner1:{Guid.NewGuid()}";
                if (keyed && await session.LoadAsync<IdempotencyRecord>(commandId) is not null)
                    throw new InvalidOperationException("A fresh key was found.");
                Stamp(session, writer, commandId);
                var action = version == 0
                    ? session.Events.StartStream<Strategy>(stream, Threat)
                    : session.Events.Append(stream, version + 1, Threat);
                Clock(action.Events, version);
                if (keyed)
                    session.Insert(new IdempotencyRecord(commandId, "fingerprint", stream, version + 1, 200, "\"1\"", null,
                        """{"changed":true}"""));
                await session.SaveChangesAsync();
                version++;
                return 1;
            };
        }, cost);

    /// <summary>Single-event quick appends at an expected version with Marten's defaults: no chain, no headers.</summary>
    private Task<double> BareAppendsAsync(TimeSpan? length = null, Measure.CpuCost? cost = null) =>
        Measure.ThroughputAsync(Writers, length ?? duration, _ =>
        {
            var stream = Guid.NewGuid();
            var version = 0L;
            return async () =>
            {
                await using var session = bare.LightweightSession();
                if (version == 0) session.Events.StartStream(stream, Threat);
                else session.Events.Append(stream, version + 1, Threat);
                await session.SaveChangesAsync();
                version++;
                return 1;
            };
        }, cost);

    /// <summary>(c): one INSERT of 1,000 rows per transaction.</summary>
    private Task<double> RawBatchesAsync(TimeSpan? length = null, Measure.CpuCost? cost = null) =>
        Measure.ThroughputAsync(Writers, length ?? duration, writer =>
        {
            var stream = Guid.NewGuid();
            var version = 0L;
            var values = string.Join(",\n", Enumerable.Range(0, BatchSize).Select(i =>
                $"(gen_random_uuid(), $1, $2 + {i}, $3, 'threat_identified', $4, $5, $6, 'planner1', $7, $8)"));
            var sql = $"""
                insert into raw_events (id, stream_id, version, data, type, timestamp, mt_dotnet_type, headers, user_name,
                    correlation_id, causation_id)
                values {values}
                """;
            return async () =>
            {
                await using var insert = dataSource.CreateCommand(sql);
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version + 1 });
                insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = data });
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = typeof(ThreatIdentified).FullName });
                insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = headers });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"corr-{writer}" });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Guid.NewGuid().ToString() });
                await insert.ExecuteNonQueryAsync();
                version += BatchSize;
                return BatchSize;
            };
        }, cost);

    /// <summary>(d): 1,000 events appended in one session, each linked into the stream's hash chain.</summary>
    private Task<double> BatchAppendsAsync(TimeSpan? length = null, Measure.CpuCost? cost = null) =>
        Measure.ThroughputAsync(Writers, length ?? duration, writer =>
        {
            var stream = Guid.NewGuid();
            var version = 0L;
            var events = Enumerable.Repeat<object>(Threat, BatchSize).ToArray();
            return async () =>
            {
                await using var session = store.LightweightSession();
                Stamp(session, writer, $"planner1:{Guid.NewGuid()}");
                var action = version == 0
                    ? session.Events.StartStream<Strategy>(stream, events)
                    : session.Events.Append(stream, version + BatchSize, events);
                Clock(action.Events, version);
                await session.SaveChangesAsync();
                version += BatchSize;
                return BatchSize;
            };
        }, cost);

    /// <summary>1,000 events appended in one session with Marten's defaults.</summary>
    private Task<double> BareBatchAppendsAsync(TimeSpan? length = null, Measure.CpuCost? cost = null) =>
        Measure.ThroughputAsync(Writers, length ?? duration, _ =>
        {
            var stream = Guid.NewGuid();
            var version = 0L;
            var events = Enumerable.Repeat<object>(Threat, BatchSize).ToArray();
            return async () =>
            {
                await using var session = bare.LightweightSession();
                if (version == 0) session.Events.StartStream(stream, events);
                else session.Events.Append(stream, version + BatchSize, events);
                await session.SaveChangesAsync();
                version += BatchSize;
                return BatchSize;
            };
        }, cost);

    /// <summary>(e): the whole feed from the start in pages of 1,000 by sequence, deserialising every event.</summary>
    private async Task<double> FeedAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long after = 0, read = 0;
        await using var session = store.QuerySession();
        while (true)
        {
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(1000).ToListAsync();
            if (page.Count == 0) break;
            read += page.Count;
            after = page[^1].Sequence;
        }
        return read / clock.Elapsed.TotalSeconds;
    }

    private async Task<double> CountAsync()
    {
        await using var count = dataSource.CreateCommand($"select count(*) from {MartenSetup.Schema}.mt_events");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>What the command workflow records with every event: who, in what role, why, correlation, command.</summary>
    private static void Stamp(IDocumentSession session, int writer, string commandId)
    {
        session.LastModifiedBy = "planner1";
        session.CorrelationId = $"corr-{writer}";
        session.CausationId = commandId;
        session.SetHeader(EventHeaders.Role, "Planner");
        session.SetHeader(EventHeaders.CommandId, commandId);
        session.SetHeader(EventHeaders.Reason, "new JMAC report");
    }

    /// <summary>This process's clock and the versions, as Workflow.Append sets them before the hash chain links them.</summary>
    private static void Clock(IReadOnlyList<IEvent> events, long version)
    {
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        foreach (var e in events)
        {
            e.Timestamp = at;
            e.Version = ++version;
            e.UserName = "planner1";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        await bare.DisposeAsync();
    }
}

using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using ProtectionPlanner.EventStore;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// The event store against raw PostgreSQL on an events-shaped table (same columns and indexes as
/// eventstore.events): single-event appends vs single-row INSERT transactions, 1000-event appends vs 1000-row
/// multi-row INSERTs, and global-feed reads.
/// </summary>
public sealed class StoreBenchmarks(NpgsqlDataSource dataSource, TimeSpan duration, int rounds)
{
    private const int Writers = 8;
    private const int BatchSize = 1000;
    private const string Data = """{"title":"Armed group attack on Bentiu market","category":"armed_group_attack","likelihood":3,"impact":4,"location":"Bentiu"}""";

    private sealed record ThreatIdentified(string Title, string Category, int Likelihood, int Impact, string Location);

    private static readonly ThreatIdentified Threat = new("Armed group attack on Bentiu market", "armed_group_attack", 3, 4, "Bentiu");

    private readonly EventStore.EventStore store = new(dataSource, new EventTypeRegistry().Register<ThreatIdentified>("threat_identified"));

    /// <summary>Creates the raw baseline table; returns no figures yet.</summary>
    public async Task<Dictionary<string, double>> PrepareAsync()
    {
        await using (var create = dataSource.CreateCommand("""
            drop table if exists raw_events;
            create table raw_events (like eventstore.events including defaults including constraints including indexes);
            create sequence if not exists raw_positions;
            alter table raw_events alter column position set default nextval('raw_positions');
            """))
        {
            await create.ExecuteNonQueryAsync();
        }
        return [];
    }

    public async Task<Dictionary<string, double>> RunAsync()
    {
        var results = await PrepareAsync();
        // Warm up every measured path until this process's JIT is quiet: tiered compilation would otherwise go on
        // recompiling them during the first pairs, the store's larger share of code more than the bare insert's.
        results["store_warmup_s"] = await Jit.WarmUpAsync([Environment.ProcessId], TimeSpan.FromSeconds(10), async length =>
        {
            var quarter = length / 4;
            await RawInsertsAsync(quarter);
            await AppendsAsync(withCommandId: true, quarter);
            await RawBatchesAsync(quarter);
            await BatchAppendsAsync(quarter);
        });
        Measure.CpuCost rawCost = new(), appendCost = new();
        (results["raw_insert_tps"], results["append_tps"], results["append_ratio"]) =
            await Measure.PairAsync(rounds, () => RawInsertsAsync(cost: rawCost), () => AppendsAsync(withCommandId: false, cost: appendCost));
        // Where the difference goes: CPU per operation of the benchmark process (client) and of PostgreSQL.
        (results["raw_insert_client_cpu_us"], results["raw_insert_database_cpu_us"]) = (rawCost.ClientMicroseconds, rawCost.DatabaseMicroseconds);
        (results["append_client_cpu_us"], results["append_database_cpu_us"]) = (appendCost.ClientMicroseconds, appendCost.DatabaseMicroseconds);
        (_, results["append_with_command_id_tps"], results["append_with_command_id_ratio"]) =
            await Measure.PairAsync(rounds, () => RawInsertsAsync(), () => AppendsAsync(withCommandId: true));
        (results["raw_batch_rows_per_s"], results["batch_append_events_per_s"], results["batch_ratio"]) =
            await Measure.PairAsync(rounds, () => RawBatchesAsync(), () => BatchAppendsAsync());
        await FeedAsync(); // warm-up: JIT, and the hint bits PostgreSQL writes on first reading fresh rows
        results["feed_events_per_s"] = await FeedAsync();
        results["events_in_store"] = await CountAsync();
        return results;
    }

    /// <summary>(a): single-row INSERT transactions per second with 8 connections.</summary>
    public Task<double> RawInsertsAsync(TimeSpan? length = null, Measure.CpuCost? cost = null) => Measure.ThroughputAsync(Writers, length ?? duration, writer =>
    {
        var stream = Guid.NewGuid();
        var version = 0L;
        return async () =>
        {
            await using var insert = dataSource.CreateCommand("""
                insert into raw_events (stream_id, version, type, type_version, data, metadata, timestamp, hash)
                values (@stream_id, @version, 'threat_identified', 1, @data, @metadata, now(), @hash)
                """);
            insert.Parameters.Add(new NpgsqlParameter<Guid>("stream_id", NpgsqlDbType.Uuid) { TypedValue = stream });
            insert.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = ++version });
            insert.Parameters.Add(new NpgsqlParameter<string>("data", NpgsqlDbType.Json) { TypedValue = Data });
            insert.Parameters.Add(new NpgsqlParameter<string>("metadata", NpgsqlDbType.Json) { TypedValue = Metadata(writer) });
            insert.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = RandomNumberGenerator.GetBytes(32) });
            await insert.ExecuteNonQueryAsync();
            return 1;
        };
    }, cost);

    /// <summary>Single-event appends; with a command id they also maintain the idempotency index.</summary>
    private Task<double> AppendsAsync(bool withCommandId, TimeSpan? length = null, Measure.CpuCost? cost = null) => Measure.ThroughputAsync(Writers, length ?? duration, writer =>
    {
        var stream = Guid.NewGuid();
        var version = 0L;
        return async () =>
        {
            var metadata = new EventMetadata("planner1", "planner", "new JMAC report", $"corr-{writer}",
                CommandId: withCommandId ? Guid.NewGuid().ToString() : null);
            version = version == 0
                ? (await store.StartStreamAsync(stream, "strategy", [Threat], metadata)).LastVersion
                : (await store.AppendAsync(stream, ExpectedVersion.Exactly(version), [Threat], metadata)).LastVersion;
            return 1;
        };
    }, cost);

    private Task<double> RawBatchesAsync(TimeSpan? length = null) => Measure.ThroughputAsync(Writers, length ?? duration, writer =>
    {
        var stream = Guid.NewGuid();
        var version = 0L;
        var values = string.Join(",\n", Enumerable.Range(0, BatchSize).Select(i =>
            $"(@stream_id, @version + {i}, 'threat_identified', 1, @data, @metadata, now(), @hash{i})"));
        var sql = $"insert into raw_events (stream_id, version, type, type_version, data, metadata, timestamp, hash) values {values}";
        return async () =>
        {
            await using var insert = dataSource.CreateCommand(sql);
            insert.Parameters.Add(new NpgsqlParameter<Guid>("stream_id", NpgsqlDbType.Uuid) { TypedValue = stream });
            insert.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = version + 1 });
            insert.Parameters.Add(new NpgsqlParameter<string>("data", NpgsqlDbType.Json) { TypedValue = Data });
            insert.Parameters.Add(new NpgsqlParameter<string>("metadata", NpgsqlDbType.Json) { TypedValue = Metadata(writer) });
            for (var i = 0; i < BatchSize; i++)
                insert.Parameters.Add(new NpgsqlParameter<byte[]>($"hash{i}", NpgsqlDbType.Bytea) { TypedValue = RandomNumberGenerator.GetBytes(32) });
            await insert.ExecuteNonQueryAsync();
            version += BatchSize;
            return BatchSize;
        };
    });

    private Task<double> BatchAppendsAsync(TimeSpan? length = null) => Measure.ThroughputAsync(Writers, length ?? duration, writer =>
    {
        var stream = Guid.NewGuid();
        var version = 0L;
        var events = Enumerable.Repeat<object>(Threat, BatchSize).ToList();
        return async () =>
        {
            var metadata = new EventMetadata("planner1", "planner", "new JMAC report", $"corr-{writer}", CommandId: Guid.NewGuid().ToString());
            version = version == 0
                ? (await store.StartStreamAsync(stream, "strategy", events, metadata)).LastVersion
                : (await store.AppendAsync(stream, ExpectedVersion.Exactly(version), events, metadata)).LastVersion;
            return BatchSize;
        };
    });

    /// <summary>Reads the whole feed from the start, in pages of 1000, deserialising every event.</summary>
    private async Task<double> FeedAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long after = 0, read = 0;
        while (true)
        {
            var page = await store.ReadAllAsync(after, 1000);
            if (page.Events.Count == 0) break;
            read += page.Events.Count;
            after = page.LastPosition(after);
        }
        return read / clock.Elapsed.TotalSeconds;
    }

    private async Task<double> CountAsync()
    {
        await using var count = dataSource.CreateCommand("select count(*) from eventstore.events");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static string Metadata(int writer) =>
        $$"""{"actor":"planner1","role":"planner","reason":"new JMAC report","correlationId":"corr-{{writer}}"}""";
}

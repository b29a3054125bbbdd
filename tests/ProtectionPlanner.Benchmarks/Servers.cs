using System.Net.Http.Json;
using System.Text.Json;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Testing;
using ProtectionPlanner.Domain.Strategies;
using Npgsql;

namespace ProtectionPlanner.Benchmarks;

/// <summary>The benchmark's server processes: the shared <see cref="ServerProcess"/> with the benchmark's tuning knobs.</summary>
public static class Servers
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = EventTypes.SerializerOptions();

    /// <summary>
    /// A server process on <paramref name="connectionString"/>, with the app's own settings. For experiments,
    /// BENCH_SERVER_X=V sets X=V for the servers only (BENCH_SERVER_DOTNET_gcServer=0,
    /// BENCH_SERVER_PLANNER__PROJECTIONS__ENABLED=false, BENCH_SERVER_DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=46: the
    /// runtime reads DOTNET_ numbers as hexadecimal, 0x46 = 70, its default; the app's own is 0); BENCH_PERFMAP=1 lets
    /// <c>perf</c> name their compiled methods.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string connectionString, string name = "server", IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>();
        if (Environment.GetEnvironmentVariable("BENCH_PERFMAP") == "1")
            (environment["DOTNET_PerfMapEnabled"], environment["DOTNET_EnableWriteXorExecute"]) = ("1", "0");
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>())
            if (key is string variable && variable.StartsWith("BENCH_SERVER_", StringComparison.Ordinal)) environment[variable["BENCH_SERVER_".Length..]] = (string)value!;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        return ServerProcess.StartAsync(connectionString, environment, name, Console.Error.WriteLine);
    }

    /// <summary>
    /// A mission with <paramref name="planners"/> as its planners and its draft strategy; with Force, UNPOL and Civil
    /// Affairs components of <paramref name="personnel"/> each unless it is 0.
    /// </summary>
    public static async Task<(Guid StrategyId, List<Guid> Components)> MissionWithStrategyAsync(
        ServerProcess server, string acronym, IReadOnlyList<string> planners, int personnel)
    {
        using var admin = await server.ClientForAsync("admin1");
        var mission = await ItemAsync<MissionView>(await admin.PostAsJsonAsync("/api/missions", new RegisterMissionRequest(
            null, $"Benchmark mission {acronym}", acronym, MissionKind.Pko, "Benchmark State",
            new Mandate("S/RES/9999 (2026)", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), true, null)), Json));
        var components = new List<Guid>();
        if (personnel > 0)
            foreach (var (kind, name) in new[] { (ComponentKind.Military, "Force"), (ComponentKind.Police, "UNPOL"), (ComponentKind.CivilAffairs, "Civil Affairs") })
                components.Add((await ItemAsync<Component>(await admin.PostAsJsonAsync($"/api/missions/{mission.Id}/components",
                    new AddComponentRequest(kind, name, new Capacity(personnel, [new Asset("helicopter", 1_000)])), Json))).Id);
        foreach (var planner in planners)
            (await admin.PutAsJsonAsync($"/api/missions/{mission.Id}/members/{planner}", new MemberRequest(Role.Planner, null), Json)).EnsureSuccessStatusCode();
        using var first = await server.ClientForAsync(planners[0]);
        (await first.PostAsJsonAsync($"/api/missions/{mission.Id}/strategy", new DraftStrategyRequest($"{acronym} POC strategy"), Json)).EnsureSuccessStatusCode();
        return (mission.StrategyId, components);
    }

    /// <summary>The item a command response carries; throws with the problem when the command was refused.</summary>
    public static async Task<T> ItemAsync<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<CommandResponse>(Json);
        return ((JsonElement)body!.Item!).Deserialize<T>(Json)!;
    }

    /// <summary>
    /// How far the planning views projection is behind the feed: the last event appended (Marten's
    /// <c>mt_events</c>) less the last one the projection's shard has applied (<c>mt_event_progression</c>), in
    /// events (sequence numbers: a rolled-back append leaves a gap that counts). -1 when no such shard runs.
    /// </summary>
    public static async Task<long> PlanningViewsLagAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var lag = dataSource.CreateCommand($"""
            select (select coalesce(max(seq_id), 0) from {MartenSetup.Schema}.mt_events) - min(last_seq_id)
            from {MartenSetup.Schema}.mt_event_progression where name like '{PlanningViewsProjection}:%'
            """);
        return await lag.ExecuteScalarAsync(cancellationToken) is long behind ? behind : -1;
    }

    /// <summary>The planning views' projection name, its shards' prefix in <c>mt_event_progression</c>.</summary>
    public const string PlanningViewsProjection = "planning_views";

    /// <summary>A threat as the benchmarks' planners identify it, the <paramref name="n"/>th.</summary>
    public static ThreatAssessment Threat(int n) => new(
        $"Armed group raids on market {n}", "Raids on market days, looting and abductions of traders",
        ThreatCategory.ArmedGroupAttack, new Perpetrator("Armed group", "Loot, intimidate", "Small arms, motorbikes"),
        new CiviliansAtRisk("Traders and shoppers", "All ages", Displacement.Mixed), $"Market {n}", null, "Market days",
        1 + n % 5, 1 + n * 3 % 5, Trend.Escalating, HostStateCapacity.Limited, HostStateWillingness.Ambivalent, ["OCHA"],
        Level.High, new DateOnly(2026, 6, 1), "JMAC weekly report", Level.Medium);

    /// <summary>Seconds of CPU the server process has used so far.</summary>
    public static double CpuSeconds(this ServerProcess server) => CpuTime.Of((pid, _) => pid == server.ProcessId);

    /// <summary>The time the server has been paused for garbage collection, from its <c>/metrics</c>.</summary>
    public static async Task<double> GcPauseSecondsAsync(this ServerProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var line = (await http.GetStringAsync("/metrics")).Split('\n')
            .First(l => l.StartsWith("dotnet_gc_pause_time_seconds_total{} ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

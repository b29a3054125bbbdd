using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>The benchmark's server processes: the shared <see cref="ServerProcess"/> with the benchmark's tuning knobs.</summary>
public static class Servers
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = EventTypes.SerializerOptions();

    /// <summary>
    /// A server process on <paramref name="connectionString"/>. The BENCH_* environment variables tune it for
    /// experiments: BENCH_PROJECTIONS, BENCH_GCSERVER, BENCH_SPIN, BENCH_PGO, BENCH_PERFMAP.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string connectionString, string name = "server", IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PLANNER__PROJECTIONS__ENABLED"] = Knob("BENCH_PROJECTIONS", "true"),
            ["DOTNET_gcServer"] = Knob("BENCH_GCSERVER", "1"),
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = Knob("BENCH_SPIN", "70"),
            ["DOTNET_TieredPGO"] = Knob("BENCH_PGO", "1"),
            ["DOTNET_PerfMapEnabled"] = Knob("BENCH_PERFMAP", "0"),
            ["DOTNET_EnableWriteXorExecute"] = Knob("BENCH_PERFMAP", "0") == "1" ? "0" : "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        return ServerProcess.StartAsync(connectionString, environment, name, Console.Error.WriteLine);
    }

    /// <summary>Seconds of CPU the server process has used so far.</summary>
    public static double CpuSeconds(this ServerProcess server) => CpuTime.Of((pid, _) => pid == server.ProcessId);

    private static string Knob(string variable, string fallback) => Environment.GetEnvironmentVariable(variable) ?? fallback;
}

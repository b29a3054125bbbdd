using System.Diagnostics;
using System.Globalization;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// The servers' JIT at work: under load, .NET's tiered compilation and dynamic PGO go on recompiling hot code for a
/// minute or more after start (a fifth of a core and more per node on this machine), so a measurement begins only
/// once that has stopped.
/// </summary>
public static class Jit
{
    private const string ThreadName = ".NET Tiered Com"; // the background compiler's thread, as /proc shortens it
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(5), MaxExtra = TimeSpan.FromSeconds(180);
    private const double QuietCores = 0.02;

    /// <summary>
    /// Drives the load for <c>BENCH_WARMUP</c> seconds (60 by default), then in 5 s slices until the nodes' JIT uses
    /// under 0.02 cores, at most 180 s more. Returns the seconds it took.
    /// </summary>
    public static async Task<double> WarmUpAsync(IReadOnlyList<ServerProcess> nodes, Func<TimeSpan, Task> drive)
    {
        var minimum = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "60", CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        await drive(minimum);
        while (clock.Elapsed < minimum + MaxExtra)
        {
            var before = Threads(nodes);
            await drive(Slice);
            if (CoresSince(before, nodes, Slice) < QuietCores) break;
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The CPU time so far of each node's JIT threads.</summary>
    public static Dictionary<int, double>[] Threads(IReadOnlyList<ServerProcess> nodes) =>
        nodes.Select(node => CpuTime.ThreadsOf(node.ProcessId, ThreadName)).ToArray();

    /// <summary>Cores the nodes' JIT threads used since <paramref name="before"/>, over <paramref name="length"/>.</summary>
    public static double CoresSince(Dictionary<int, double>[] before, IReadOnlyList<ServerProcess> nodes, TimeSpan length) =>
        nodes.Select((node, i) => CpuTime.Since(before[i], CpuTime.ThreadsOf(node.ProcessId, ThreadName))).Sum() / length.TotalSeconds;
}

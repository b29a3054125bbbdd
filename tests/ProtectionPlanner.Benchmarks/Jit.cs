using System.Diagnostics;
using System.Globalization;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// The JIT at work: under load, .NET's tiered compilation and dynamic PGO go on recompiling hot code for a minute or
/// more after start (a fifth of a core and more per server on this machine), so a measurement begins only once that
/// has stopped, in the servers and in this process alike.
/// </summary>
public static class Jit
{
    private const string ThreadName = ".NET Tiered Com"; // the background compiler's thread, as /proc shortens it
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(5), MaxExtra = TimeSpan.FromSeconds(180);
    private const double QuietCores = 0.02;

    /// <summary>The servers' least warm-up: <c>BENCH_WARMUP</c> seconds, 60 by default.</summary>
    public static TimeSpan ServerWarmUp =>
        TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "60", CultureInfo.InvariantCulture));

    /// <summary>
    /// Drives the load for <paramref name="minimum"/>, then in 5 s slices until the JIT of the processes uses under
    /// 0.02 cores, at most 180 s more. Returns the seconds it took.
    /// </summary>
    public static async Task<double> WarmUpAsync(IReadOnlyList<int> processIds, TimeSpan minimum, Func<TimeSpan, Task> drive)
    {
        var clock = Stopwatch.StartNew();
        await drive(minimum);
        while (clock.Elapsed < minimum + MaxExtra)
        {
            var (before, slice) = (Threads(processIds), Stopwatch.StartNew());
            await drive(Slice);
            if (CoresSince(before, processIds, slice.Elapsed) < QuietCores) break;
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The CPU time so far of each process's JIT threads.</summary>
    public static Dictionary<int, double>[] Threads(IReadOnlyList<int> processIds) =>
        processIds.Select(id => CpuTime.ThreadsOf(id, ThreadName)).ToArray();

    /// <summary>Cores the processes' JIT threads used since <paramref name="before"/>, over <paramref name="length"/>.</summary>
    public static double CoresSince(Dictionary<int, double>[] before, IReadOnlyList<int> processIds, TimeSpan length) =>
        processIds.Select((id, i) => CpuTime.Since(before[i], CpuTime.ThreadsOf(id, ThreadName))).Sum() / length.TotalSeconds;
}

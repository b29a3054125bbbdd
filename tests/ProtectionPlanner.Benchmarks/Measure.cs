using System.Diagnostics;

namespace ProtectionPlanner.Benchmarks;

/// <summary>Runs workers against the clock and counts what they did.</summary>
public static class Measure
{
    /// <summary>
    /// Runs <paramref name="workers"/> copies of <paramref name="operation"/> for <paramref name="duration"/> after a
    /// one-second warm-up; returns units done per second (an operation returns how many units it did). The measured
    /// part's CPU time, this process's and PostgreSQL's, is added to <paramref name="cost"/> when given.
    /// </summary>
    public static async Task<double> ThroughputAsync(
        int workers, TimeSpan duration, Func<int, Func<Task<int>>> operation, CpuCost? cost = null)
    {
        var operations = Enumerable.Range(0, workers).Select(operation).ToList();
        await RunAsync(operations, TimeSpan.FromSeconds(1), null);
        return await RunAsync(operations, duration, cost);
    }

    private static async Task<double> RunAsync(List<Func<Task<int>>> operations, TimeSpan duration, CpuCost? cost)
    {
        long units = 0;
        var (client, database) = cost is null ? (0, 0) : (CpuTime.Self(), CpuTime.PostgreSql());
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(operations.Select(operation => Task.Run(async () =>
        {
            while (clock.Elapsed < duration) Interlocked.Add(ref units, await operation());
        })));
        var elapsed = clock.Elapsed;
        cost?.Add(units, CpuTime.Self() - client, CpuTime.PostgreSql() - database);
        return units / elapsed.TotalSeconds;
    }

    /// <summary>CPU time per unit of work, this process's and PostgreSQL's, summed over measured runs.</summary>
    public sealed class CpuCost
    {
        private double units, client, database;

        public void Add(long done, double clientSeconds, double databaseSeconds) =>
            (units, client, database) = (units + done, client + clientSeconds, database + databaseSeconds);

        /// <summary>Microseconds of this process's CPU per unit.</summary>
        public double ClientMicroseconds => client / units * 1e6;

        /// <summary>Microseconds of PostgreSQL's CPU per unit.</summary>
        public double DatabaseMicroseconds => database / units * 1e6;
    }

    /// <summary>
    /// Measures a baseline and a candidate back to back, <paramref name="rounds"/> times, flipping which goes first
    /// each round. This machine's speed drifts by tens of percent over a minute, so the ratio is the median of the
    /// per-round ratios (each taken under the same conditions), and the throughputs are means.
    /// </summary>
    public static async Task<(double Baseline, double Candidate, double Ratio)> PairAsync(
        int rounds, Func<Task<double>> baseline, Func<Task<double>> candidate)
    {
        var baselines = new List<double>();
        var candidates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                baselines.Add(await baseline());
                candidates.Add(await candidate());
            }
            else
            {
                candidates.Add(await candidate());
                baselines.Add(await baseline());
            }
        }
        var ratios = baselines.Zip(candidates, (b, c) => c / b).Order().ToList();
        var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        return (baselines.Average(), candidates.Average(), median);
    }

    /// <summary>The <paramref name="p"/> quantile of <paramref name="sorted"/> (nearest rank); NaN when empty.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

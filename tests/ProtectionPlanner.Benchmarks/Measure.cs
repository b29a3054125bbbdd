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
        var measured = await RoundsAsync(rounds, baseline, candidate);
        return (measured[0].Average(), measured[1].Average(), MedianRatio(measured[1], measured[0]));
    }

    /// <summary>
    /// Runs each of <paramref name="runs"/> once a round, <paramref name="rounds"/> times, starting each round one
    /// further along (with two, flipping which goes first), so that none is always measured first or last; returns
    /// each run's figures by round.
    /// </summary>
    public static async Task<List<double>[]> RoundsAsync(int rounds, params Func<Task<double>>[] runs)
    {
        var measured = runs.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
            for (var i = 0; i < runs.Length; i++)
            {
                var run = (round + i) % runs.Length;
                measured[run].Add(await runs[run]());
            }
        return measured;
    }

    /// <summary>The median of the per-round ratios <paramref name="candidate"/> / <paramref name="baseline"/>.</summary>
    public static double MedianRatio(List<double> candidate, List<double> baseline)
    {
        var ratios = baseline.Zip(candidate, (b, c) => c / b).Order().ToList();
        return ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
    }

    /// <summary>The <paramref name="p"/> quantile of <paramref name="sorted"/> (nearest rank); NaN when empty.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

using System.Globalization;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// Progress of long work as lines such as <c>audit verify: 12000 / 48000 events (25%, about 6 s left)</c> and at the
/// end <c>audit verify: 48000 / 48000 events (100%, 8 s)</c>: the first report, then at most one a second, and always
/// the one that reaches the total. The time left assumes the rate so far. The operator verbs write the lines to stderr,
/// so that stdout keeps only their result.
/// </summary>
public sealed class ProgressLine(string what, string unit, Action<string> write, TimeProvider? clock = null)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly Lock gate = new();
    private long? startedAt;
    private long? lastWrittenAt;
    private bool finished;

    /// <summary>Progress lines on stderr.</summary>
    public static ProgressLine ToStandardError(string what, string unit) => new(what, unit, Console.Error.WriteLine);

    public void Report(long done, long total)
    {
        lock (gate)
        {
            var complete = done >= total;
            var now = clock.GetTimestamp();
            startedAt ??= now;
            if (complete ? finished : lastWrittenAt is { } last && clock.GetElapsedTime(last, now) < Interval) return;
            lastWrittenAt = now;
            finished = complete;
            var percent = total <= 0 ? 100 : (int)Math.Min(100, done * 100 / total);
            var elapsed = clock.GetElapsedTime(startedAt.Value, now);
            var time = complete ? $", {Duration(elapsed)}"
                : done > 0 && elapsed > TimeSpan.Zero ? $", about {Duration(elapsed * ((double)(total - done) / done))} left"
                : "";
            write(string.Create(CultureInfo.InvariantCulture, $"{what}: {done} / {total} {unit} ({percent}%{time})"));
        }
    }

    /// <summary>Whole seconds, minutes and hours: <c>0 s</c>, <c>42 s</c>, <c>3 min 5 s</c>, <c>2 h 10 min</c>.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{(int)span.TotalSeconds} s",
        < 3600 => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };

    /// <summary>This line as an <see cref="IProgress{T}"/> that reports on the caller's thread, in order.</summary>
    public IProgress<T> As<T>(Func<T, (long Done, long Total)> measure) => new Reporter<T>(value =>
    {
        var (done, total) = measure(value);
        Report(done, total);
    });

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

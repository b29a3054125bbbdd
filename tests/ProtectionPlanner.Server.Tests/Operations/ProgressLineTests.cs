using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>The progress lines of long command-line work, on a clock the test moves.</summary>
public sealed class ProgressLineTests
{
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    [Fact]
    public void Lines_come_at_most_once_a_second_with_the_time_left_at_the_rate_so_far_and_the_last_with_the_time_taken()
    {
        var clock = new ManualClock();
        var lines = new List<string>();
        var progress = new ProgressLine("demo seed", "commands", lines.Add, clock);

        progress.Report(0, 1000);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        progress.Report(100, 1000); // within the second: not written
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        progress.Report(250, 1000); // 250 in 2 s: 750 more take 6 s
        clock.Advance(TimeSpan.FromSeconds(58));
        progress.Report(500, 1000); // 500 in 60 s: 500 more take 60 s
        clock.Advance(TimeSpan.FromSeconds(65));
        progress.Report(1000, 1000);
        progress.Report(1000, 1000); // the end is written once

        Assert.Equal(
        [
            "demo seed: 0 / 1000 commands (0%)",
            "demo seed: 250 / 1000 commands (25%, about 6 s left)",
            "demo seed: 500 / 1000 commands (50%, about 1 min 0 s left)",
            "demo seed: 1000 / 1000 commands (100%, 2 min 5 s)",
        ], lines);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59.9, "59 s")]
    [InlineData(185, "3 min 5 s")]
    [InlineData(7800, "2 h 10 min")]
    public void Durations_read_in_whole_seconds_minutes_and_hours(double seconds, string expected) =>
        Assert.Equal(expected, ProgressLine.Duration(TimeSpan.FromSeconds(seconds)));
}

using System.Diagnostics;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests;

public sealed class CommandLineTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["PLANNER__DATABASE"] = database.ConnectionString },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task Migrate_applies_the_schema_and_audit_verify_finds_a_tampered_event_by_stream_and_version()
    {
        var migrated = await RunAsync("migrate");
        Assert.True(migrated.ExitCode == 0, migrated.Output);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass('eventstore.events') is not null"));

        var stream = Guid.NewGuid();
        await using (var store = new EventStore.EventStore(database.DataSource, new EventStore.EventTypeRegistry()))
        {
            await store.StartStreamAsync(stream, "strategy",
                [new EventStore.EventData("threat_identified", new { title = "Armed group attack on Bentiu market" }),
                 new EventStore.EventData("threat_reassessed", new { likelihood = 4 })],
                new EventStore.EventMetadata("planner1", "planner"));
        }
        var intact = await RunAsync("audit", "verify");
        Assert.True(intact.ExitCode == 0, intact.Output);
        Assert.Contains("Intact: 2 events in 1 streams", intact.Output);

        await database.ExecuteAsync($"update eventstore.events set data = '{{\"likelihood\":2}}' where stream_id = '{stream}' and version = 2");
        var tampered = await RunAsync("audit", "verify");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains($"Stream {stream} version 2", tampered.Output);
    }

    [Fact]
    public async Task An_unknown_verb_prints_usage_and_exits_2()
    {
        var (exitCode, output) = await RunAsync("frobnicate");
        Assert.Equal(2, exitCode);
        Assert.Contains("usage:", output);
    }
}

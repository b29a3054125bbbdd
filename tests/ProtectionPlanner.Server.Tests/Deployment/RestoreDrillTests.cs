using ProtectionPlanner.Server.Tests.Audit;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>
/// deploy/local/restore-drill.sh against a test database: dump, restore into a fresh cluster of its own, migrate,
/// audit verify, compare with the source, tear down.
/// </summary>
public sealed class RestoreDrillTests(AuditedStore database) : IClassFixture<AuditedStore>
{
    private static readonly TimeSpan DrillBound = TimeSpan.FromMinutes(2);

    private Task<(int ExitCode, string Output)> DrillAsync() =>
        Scripts.RunAsync("deploy/local/restore-drill.sh", [database.ConnectionString],
            new Dictionary<string, string> { ["PLANNER_SERVER_DLL"] = Scripts.ServerDll }, DrillBound);

    [Fact]
    public async Task A_backup_restores_into_a_fresh_cluster_complete_and_intact_and_an_edited_event_fails_the_drill()
    {
        var streams = new List<Guid>();
        for (var i = 0; i < 3; i++) streams.Add(await Appending.StreamOfFiveAsync(database.Store));

        var drill = await DrillAsync();
        Assert.True(drill.ExitCode == 0, drill.Output);
        Assert.Contains("Intact: 15 events in 3 streams", drill.Output);
        Assert.Contains("restored 15", drill.Output);
        Assert.Contains("stream heads: all 3 match the source", drill.Output);
        Assert.Contains("PASSED", drill.Output);

        // A backup of a record someone edited does not pass: audit verify on the restore names the event.
        await database.ExecuteAsync($"update planner.mt_events set data = data || '{{\"code\":\"T-99\"}}' where stream_id = '{streams[1]}' and version = 3");
        var tampered = await DrillAsync();
        Assert.True(tampered.ExitCode == 1, tampered.Output);
        Assert.Contains($"Stream {streams[1]} version 3", tampered.Output);
        Assert.Contains("FAILED: audit verify", tampered.Output);
    }
}

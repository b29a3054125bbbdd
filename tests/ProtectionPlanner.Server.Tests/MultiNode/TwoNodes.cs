using System.Net;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.MultiNode;

/// <summary>
/// Two server processes (demo mode, projections on in both) on one fresh database, as two nodes behind a load balancer.
/// A test may kill one; <see cref="BothRunningAsync"/> starts it again for the next.
/// </summary>
public sealed class TwoNodes : TestDatabase
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["DOTNET_gcServer"] = "0", // two nodes and the tests share two cores
        ["DOTNET_TieredPGO"] = "0",
    };

    private readonly ServerProcess?[] nodes = new ServerProcess?[2];

    public ServerProcess A => nodes[0] ?? throw new InvalidOperationException("Node A is not running.");

    public ServerProcess B => nodes[1] ?? throw new InvalidOperationException("Node B is not running.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await BothRunningAsync();
    }

    /// <summary>Starts whichever node is not running; the first start waits until the demo missions are seeded.</summary>
    public async Task BothRunningAsync()
    {
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i] is { HasExited: false }) continue;
            if (nodes[i] is { } dead) await dead.DisposeAsync();
            nodes[i] = await ServerProcess.StartAsync(ConnectionString, Settings, i == 0 ? "node-a" : "node-b");
            await SeededAsync(nodes[i]!);
        }
    }

    /// <summary>The node that runs the planning views projection (its advisory lock, its owner row), waiting for one
    /// of the running nodes to hold it.</summary>
    public async Task<ServerProcess> ProjectionRunnerAsync(TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var owner = await OwnerAsync("planning_views");
            if (nodes.FirstOrDefault(node => node is { HasExited: false } && node.Owns(owner)) is { } runner) return runner;
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
                throw new TimeoutException($"No running node runs planning_views (owner {owner ?? "none"}).");
            await Task.Delay(100);
        }
    }

    public ServerProcess Other(ServerProcess node) => node == A ? B : A;

    /// <summary>The owner recorded for a projection (the daemon's node id, <c>machine:pid:suffix</c>).</summary>
    public async Task<string?> OwnerAsync(string projection)
    {
        await using var query = DataSource.CreateCommand("select owner from eventstore.projections where name = @name");
        query.Parameters.AddWithValue("name", projection);
        return await query.ExecuteScalarAsync() as string;
    }

    /// <summary>Waits until the demo missions are in place: the second one is seeded after the first is complete.</summary>
    private static async Task SeededAsync(ServerProcess node)
    {
        using var headquarters = await node.ClientForAsync("hq1");
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await headquarters.GetAsync($"/api/missions/{DemoApp.OtherMissionId}")).StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The demo missions were not seeded:\n{node.RecentOutput}");
    }

    public override async Task DisposeAsync()
    {
        foreach (var node in nodes)
            if (node is not null) await node.DisposeAsync();
        await base.DisposeAsync();
    }
}

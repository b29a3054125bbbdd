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
            // The demo missions are in place: the second one is seeded after the first is complete.
            await nodes[i]!.ServesAsync("hq1", $"/api/missions/{DemoApp.OtherMissionId}");
        }
    }

    /// <summary>The node that runs the projections (Marten's daemon, HotCold: it holds their locks), waiting for one of
    /// the running nodes to hold them.</summary>
    public async Task<ServerProcess> ProjectionRunnerAsync(TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var holders = (await DaemonLocksAsync()).Values.Distinct().ToList();
            if (holders is [var holder]
                && nodes.FirstOrDefault(node => node is { HasExited: false } && node.ConnectionName == holder) is { } runner)
                return runner;
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
                throw new TimeoutException($"No running node holds the daemon's locks (held by {string.Join(", ", holders)}).");
            await Task.Delay(100);
        }
    }

    public ServerProcess Other(ServerProcess node) => node == A ? B : A;

    /// <summary>
    /// The advisory locks of Marten's daemon (one per projection; bigint keys, where Wolverine's are pairs of integers)
    /// and the <see cref="ServerProcess.ConnectionName"/> of the node holding each.
    /// </summary>
    public async Task<Dictionary<long, string>> DaemonLocksAsync()
    {
        await using var query = DataSource.CreateCommand("""
            select (l.classid::bigint << 32) | l.objid::bigint, a.application_name
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.objsubid = 1 and l.granted and a.datname = current_database()
            """);
        await using var reader = await query.ExecuteReaderAsync();
        var locks = new Dictionary<long, string>();
        while (await reader.ReadAsync()) locks[reader.GetInt64(0)] = reader.GetString(1);
        return locks;
    }

    public override async Task DisposeAsync()
    {
        foreach (var node in nodes)
            if (node is not null) await node.DisposeAsync();
        await base.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>deploy/local/postgres.sh on a cluster of its own: the port it chooses, and what it says when one is
/// taken.</summary>
public sealed class PostgresScriptTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"planner-pg-script-{Guid.NewGuid():N}");
    private readonly int preferred = FreePortPair();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await PostgresAsync("stop");
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // left in the temp folder
        }
    }

    [Fact]
    public async Task A_cluster_keeps_its_port_across_restarts_and_fails_clearly_rather_than_move_when_it_is_taken()
    {
        var chosen = preferred + 1;
        // Bound but not listening: the script's probe finds nobody answering there, and PostgreSQL cannot bind it.
        // (Python, as .NET binds TCP sockets with SO_REUSEADDR on Linux, which PostgreSQL's bind would share.)
        var bindAndWait = "import socket, sys; s = socket.socket(); " +
            $"s.bind(('127.0.0.1', {preferred})); print(1, flush=True); sys.stdin.read()";
        using (var squatter = Process.Start(new ProcessStartInfo("python3", ["-c", bindAndWait])
               { RedirectStandardInput = true, RedirectStandardOutput = true })!)
        {
            Assert.Equal("1", await squatter.StandardOutput.ReadLineAsync());
            var first = await PostgresAsync("start");
            squatter.StandardInput.Close();
            await squatter.WaitForExitAsync();
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains($"running on port {chosen}", first.Output);
            Assert.DoesNotContain("FATAL", first.Output);
        }

        Assert.Equal(0, (await PostgresAsync("stop")).ExitCode);
        var again = await PostgresAsync("start");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains($"running on port {chosen}", again.Output);

        Assert.Equal(0, (await PostgresAsync("stop")).ExitCode);
        var other = new TcpListener(IPAddress.Loopback, chosen);
        other.Start();
        try
        {
            var refused = await PostgresAsync("start");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains($"port {chosen} is in use", refused.Output);
            Assert.DoesNotContain("running on port", refused.Output);
        }
        finally
        {
            other.Stop();
        }
    }

    private Task<(int ExitCode, string Output)> PostgresAsync(string verb) =>
        Scripts.RunAsync("deploy/local/postgres.sh", [verb], new Dictionary<string, string>
        {
            ["PLANNER_PG_DIR"] = folder,
            ["PLANNER_PG_PORT"] = preferred.ToString(CultureInfo.InvariantCulture),
        }, TimeSpan.FromMinutes(2));

    /// <summary>A port that is free, and the next one too, away from the shared clusters' 55432 and up.</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = 57000 + Random.Shared.Next(3000);
            if (Free(port) && Free(port + 1)) return port;
            if (attempt > 100) throw new InvalidOperationException("No two free ports next to each other.");
        }
    }

    private static bool Free(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

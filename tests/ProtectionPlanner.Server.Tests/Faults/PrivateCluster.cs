using System.Diagnostics;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of a test's own (deploy/local/postgres.sh in a folder of its own), which the test may stop and
/// start again without disturbing the cluster every other test shares.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"planner-fault-{Guid.NewGuid():N}");
    private readonly int port = 56000 + Random.Shared.Next(2000);

    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivateCluster> StartAsync()
    {
        var cluster = new PrivateCluster();
        await cluster.RunAsync("start");
        cluster.ConnectionString = (await cluster.RunAsync("url")).Trim();
        return cluster;
    }

    /// <summary>Stops the server (fast shutdown: sessions are cut, as in a crash of the service).</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary>Starts it again on the same port, so the connection string stays good.</summary>
    public async Task StartAgainAsync()
    {
        await RunAsync("start");
        var again = (await RunAsync("url")).Trim();
        if (again != ConnectionString) throw new InvalidOperationException("The cluster came back on another port.");
    }

    private async Task<string> RunAsync(string verb)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(PostgresServer.RepositoryRoot, "deploy", "local", "postgres.sh"), verb])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["PLANNER_PG_DIR"] = folder, ["PLANNER_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"postgres.sh {verb} failed ({process.ExitCode}): {await errors}");
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync("stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

using System.Diagnostics;

namespace ProtectionPlanner.Testing;

/// <summary>
/// The PostgreSQL server tests and benchmarks run against: the connection string in PLANNER_TEST_DATABASE when set,
/// otherwise a container of this run where a Docker engine answers (<see cref="PostgresContainer"/>), otherwise the
/// project's private cluster, started through deploy/local/postgres.sh (which installs PostgreSQL when it is missing).
/// </summary>
public static class PostgresServer
{
    /// <summary>The environment variable naming a server to use instead of the private cluster.</summary>
    public const string Variable = "PLANNER_TEST_DATABASE";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>A connection string to the server's maintenance database.</summary>
    public static Task<string> ConnectionStringAsync() => Server.Value;

    /// <summary>The repository root: the folder holding ProtectionPlanner.sln, above the running assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given) return given;
        if (PostgresContainer.EngineAnswers) return await PostgresContainer.StartAsync();
        var script = Path.Combine(RepositoryRoot, "deploy", "local", "postgres.sh");
        await RunAsync(script, "start");
        return (await RunAsync(script, "url")).Trim();
    }

    private static async Task<string> RunAsync(string script, string verb)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {verb} failed ({process.ExitCode}): {await errors}");
        return await output;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ProtectionPlanner.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No ProtectionPlanner.sln above {AppContext.BaseDirectory}.");
    }
}

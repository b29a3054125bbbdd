using System.Diagnostics;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>Runs the repository's shell scripts (deploy/...) as processes, as an operator would.</summary>
internal static class Scripts
{
    /// <summary>The built server next to the tests, so scripts start the same build instead of building their own.</summary>
    public static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll");

    /// <summary>
    /// Runs <paramref name="script"/> (relative to the repository root) with bash, and returns its exit code and what it
    /// wrote (standard output, then standard error). Killed, with everything it started, when <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(PostgresServer.RepositoryRoot, script), .. arguments])
        {
            WorkingDirectory = PostgresServer.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"{script} did not finish within {timeout.TotalSeconds:0} s.\n{await output}\n{await errors}");
        }
        return (process.ExitCode, $"{await output}\n{await errors}");
    }
}

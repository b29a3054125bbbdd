using System.Diagnostics;
using System.Threading.Channels;

namespace ProtectionPlanner.EventStore.Tests;

/// <summary>The projection worker process (ProtectionPlanner.EventStore.Worker), started by tests that kill it.</summary>
public sealed class Worker : IDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();

    private Worker(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Writer.TryWrite(e.Data); };
        process.BeginOutputReadLine();
    }

    public static Worker Start(string connectionString, string label, string projection = "counting")
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.EventStore.Worker.dll");
        return new Worker(Process.Start(new ProcessStartInfo("dotnet", [dll, connectionString, label, projection])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!);
    }

    /// <summary>Waits until <paramref name="count"/> output lines matched.</summary>
    public async Task WaitForLineAsync(Func<string, bool> matches, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = 0;
        await foreach (var line in lines.Reader.ReadAllAsync(cancel.Token))
        {
            if (matches(line) && ++seen == count) return;
        }
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}

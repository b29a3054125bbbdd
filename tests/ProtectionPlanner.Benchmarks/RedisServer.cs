using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// A private redis-server for the fan-out benchmark: Debian's package (installed with apt-get when missing, as
/// root), on a free loopback port, in memory only (no snapshots, no append-only file), stopped on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private readonly Process process;
    private readonly DirectoryInfo directory;

    private RedisServer(Process process, DirectoryInfo directory, int port) =>
        (this.process, this.directory, Port) = (process, directory, port);

    public int Port { get; }

    public int ProcessId => process.Id;

    /// <summary>StackExchange.Redis's configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Binary)) await InstallAsync();
        var version = await RunAsync(Binary, "--version");
        var directory = Directory.CreateTempSubdirectory("planner-redis-");
        var port = FreePort();
        var start = new ProcessStartInfo(Binary,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", directory.FullName, "--logfile", "", "--daemonize", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"redis: {line}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, directory, port);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await AnswersPingAsync(port))
            {
                Console.Error.WriteLine($"fanout: {version.Trim()} on port {port} (pid {process.Id})");
                return server;
            }
            if (process.HasExited) break;
            await Task.Delay(100);
        }
        var exited = process.HasExited ? $"exited with {process.ExitCode}" : "did not answer within 10 s";
        await server.DisposeAsync();
        throw new InvalidOperationException($"redis-server {exited}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Debian's redis-server, as deploy/local/postgres.sh installs PostgreSQL: apt-get, as root.</summary>
    private static async Task InstallAsync()
    {
        if (Environment.UserName != "root")
            throw new InvalidOperationException(
                "redis-server is missing; install Debian's 'redis-server' package (needs root).");
        Console.Error.WriteLine("fanout: installing Debian's redis-server package");
        try
        {
            await RunAsync("apt-get", "install", "-y", "-q", "redis-server");
        }
        catch (InvalidOperationException)
        {
            await RunAsync("apt-get", "update", "-q");
            await RunAsync("apt-get", "install", "-y", "-q", "redis-server");
        }
        if (!File.Exists(Binary)) throw new InvalidOperationException("apt-get could not install redis-server.");
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await error}");
        return await output;
    }

    /// <summary>Seconds of CPU the server has used so far.</summary>
    public double CpuSeconds() => CpuTime.Of((pid, _) => pid == process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        directory.Delete(recursive: true);
    }
}

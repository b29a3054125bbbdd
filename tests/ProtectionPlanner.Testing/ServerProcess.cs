using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ProtectionPlanner.Testing;

/// <summary>
/// The server as a real process (<c>dotnet ProtectionPlanner.Server.dll serve</c>, Kestrel, demo mode) on a free loopback
/// port: the benchmark's target, and the nodes of multi-node tests (several processes on one database, killed for real).
/// The server's build must sit next to the running assembly (a project reference to ProtectionPlanner.Server).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The demo signing key every node shares, so a token from one node is good on the others.</summary>
    public const string SigningKey = "test and benchmark demo signing key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentDictionary<string, string> tokens = [];

    private ServerProcess(Process process, Uri address, string name)
    {
        this.process = process;
        Address = address;
        Name = name;
    }

    /// <summary>The node's name in messages and logs.</summary>
    public string Name { get; }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    /// <summary>The application name of this process's database connections (<c>pg_stat_activity</c>): the node's
    /// name and port, unique among the nodes of a test.</summary>
    public string ConnectionName => $"{Name}:{Address.Port}";

    /// <summary>Waits until <paramref name="path"/> answers <paramref name="user"/> 200 (demo data seeded, a view
    /// projected).</summary>
    public async Task ServesAsync(string user, string path)
    {
        using var client = await ClientForAsync(user);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} did not serve {path} to {user} within 30 s:\n{RecentOutput}");
    }

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the server wrote (standard output and error), for failure messages.</summary>
    public string RecentOutput => string.Join('\n', output);

    /// <summary>
    /// Starts a node on <paramref name="connectionString"/> and waits until it is ready and its demo users can sign in.
    /// <paramref name="settings"/> are environment variables for the process, over the defaults (demo mode, warnings
    /// only, projections on, server GC); <paramref name="log"/> also gets each line the server writes.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings = null, string name = "node", Action<string>? log = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll"), "serve", "--urls", address.ToString()])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PLANNER__DATABASE"] = $"{connectionString};Application Name={name}:{port}",
                ["PLANNER__DEMO__ENABLED"] = "true",
                ["PLANNER__DEMO__SIGNINGKEY"] = SigningKey,
                ["Logging__LogLevel__Default"] = "Warning",
                ["PLANNER__PROJECTIONS__ENABLED"] = "true",
                // Load, fault drills and benchmarks drive one user's many clients far faster than a person: no command or
                // hub call limit.
                ["PLANNER__RATELIMITS__WRITESPERMINUTE"] = "0",
                ["PLANNER__RATELIMITS__HUBCALLSPERMINUTE"] = "0",
                ["DOTNET_gcServer"] = "1",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, address, name);
        process.OutputDataReceived += (_, e) => server.Record(e.Data, log);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data, log);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode
                    && (await client.GetAsync("/api/demo/users")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited)
                throw new InvalidOperationException($"The server {name} exited with {process.ExitCode}:\n{server.RecentOutput}");
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"The server {name} did not become ready:\n{server.RecentOutput}");
    }

    /// <summary>A demo user's access token (issued by this node; good on every node sharing <see cref="SigningKey"/>).</summary>
    public async Task<string> TokenAsync(string userName)
    {
        if (tokens.TryGetValue(userName, out var token)) return token;
        using var client = new HttpClient { BaseAddress = Address };
        var response = await client.PostAsJsonAsync("/api/demo/token", new { userName }, Json);
        response.EnsureSuccessStatusCode();
        token = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("accessToken").GetString()!;
        return tokens[userName] = token;
    }

    /// <summary>A client of this node signed in as a demo user, with its own connection pool.</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        return client;
    }

    /// <summary>A connection to this node's planning hub as a demo user, not started: add handlers first.</summary>
    public async Task<HubConnection> HubConnectionAsync(string userName) =>
        HubConnections.ToPlanningHub(Address, await TokenAsync(userName));

    /// <summary>A started connection to this node's planning hub as a demo user, keeping what it is pushed.</summary>
    public async Task<HubConnection> HubForAsync(string userName) =>
        await HubConnections.ToPlanningHub(Address, await TokenAsync(userName), keepPushed: true).StartedAsync();

    /// <summary>Ends the process at once (SIGKILL): no shutdown, sessions and sockets drop as in a crash.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Resident memory now (<c>VmRSS</c>), in MiB.</summary>
    public double ResidentMemoryMb() => StatusKilobytes("VmRSS:") / 1024.0;

    /// <summary>The largest resident memory so far (<c>VmHWM</c>), in MiB.</summary>
    public double PeakMemoryMb() => StatusKilobytes("VmHWM:") / 1024.0;

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private void Record(string? line, Action<string>? log)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 200) output.TryDequeue(out _);
        log?.Invoke($"{Name}: {line}");
    }

    /// <summary>A loopback port free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}

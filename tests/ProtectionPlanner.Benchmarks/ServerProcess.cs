using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Benchmarks;

/// <summary>A real server process (Kestrel, demo mode) on a free loopback port, as the benchmark's target.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = EventTypes.SerializerOptions();

    private readonly Process process;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Seconds of CPU the server process has used so far.</summary>
    public double CpuSeconds() => CpuTime.Of((pid, _) => pid == process.Id);

    public static async Task<ServerProcess> StartAsync(string connectionString)
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
                ["PLANNER__DATABASE"] = connectionString,
                ["PLANNER__DEMO__ENABLED"] = "true",
                ["PLANNER__DEMO__SIGNINGKEY"] = "benchmark demo signing key",
                ["Logging__LogLevel__Default"] = "Warning",
                ["PLANNER__PROJECTIONS__ENABLED"] = Environment.GetEnvironmentVariable("BENCH_PROJECTIONS") ?? "true",
                ["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("BENCH_GCSERVER") ?? "1",
                ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = Environment.GetEnvironmentVariable("BENCH_SPIN") ?? "70",
                ["DOTNET_TieredPGO"] = Environment.GetEnvironmentVariable("BENCH_PGO") ?? "1",
                ["DOTNET_PerfMapEnabled"] = Environment.GetEnvironmentVariable("BENCH_PERFMAP") ?? "0",
                ["DOTNET_EnableWriteXorExecute"] = Environment.GetEnvironmentVariable("BENCH_PERFMAP") == "1" ? "0" : "1",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"server: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address);
        using var client = new HttpClient { BaseAddress = address };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                // Ready, and the demo users can sign in (their missions are seeded in the background).
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode
                    && (await client.GetAsync("/api/demo/users")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}.");
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException("The server did not become ready.");
    }

    /// <summary>A client signed in as a demo user, with its own connection pool.</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = Address };
        var response = await client.PostAsJsonAsync("/api/demo/token", new DemoTokenRequest(userName));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<DemoTokenResponse>(Json))!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}

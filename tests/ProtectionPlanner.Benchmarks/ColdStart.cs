using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// How soon a restarted node serves: the Release server started as a process on a database that an earlier start has
/// migrated and seeded with the demo data, timed from the process's start to <c>/health/ready</c> answering 200
/// (polled every 10 ms), then to its first command answered (an administrator registering a mission: the first
/// request of a Wolverine endpoint, with whatever it compiles or loads on first use). Several starts, one at a time;
/// the medians are reported.
/// </summary>
public static class ColdStart
{
    private static readonly int Starts = int.Parse(Environment.GetEnvironmentVariable("BENCH_STARTS") ?? "5",
        System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<Dictionary<string, double>> RunAsync(string connectionString)
    {
        // The first start migrates the fresh database and seeds the demo data; it is not measured.
        await using (await Servers.StartAsync(connectionString, "start-0"))
        {
        }
        var ready = new List<double>();
        var firstCommand = new List<double>();
        for (var start = 1; start <= Starts; start++)
        {
            var (toReady, toCommand) = await StartOnceAsync(connectionString, start);
            Console.Error.WriteLine($"start: {start} ready after {toReady:0.000} s, first command answered after {toCommand:0.000} s");
            ready.Add(toReady);
            firstCommand.Add(toCommand);
        }
        return new Dictionary<string, double>
        {
            ["cold_start_ready_s"] = Median(ready),
            ["cold_start_ready_max_s"] = ready.Max(),
            ["cold_start_first_command_s"] = Median(firstCommand),
        };
    }

    private static async Task<(double Ready, double FirstCommand)> StartOnceAsync(string connectionString, int start)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var server = Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll");
        var info = new ProcessStartInfo("dotnet", [server, "serve", "--urls", address.ToString()])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                // As ServerProcess starts the benchmark's other servers.
                ["PLANNER__DATABASE"] = connectionString,
                ["PLANNER__DEMO__ENABLED"] = "true",
                ["PLANNER__DEMO__SIGNINGKEY"] = ServerProcess.SigningKey,
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_gcServer"] = "1",
            },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (!await ReadyAsync(http))
            {
                if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}.");
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("The server did not become ready.");
                await Task.Delay(10);
            }
            var ready = clock.Elapsed.TotalSeconds;
            using var token = await http.PostAsJsonAsync("/api/demo/token", new { userName = "admin1" });
            token.EnsureSuccessStatusCode();
            var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            using var register = new HttpRequestMessage(HttpMethod.Post, "/api/missions")
            {
                Content = JsonContent.Create(new RegisterMissionRequest(null, $"Cold start mission {start}", $"CS{start}",
                    MissionKind.Pko, "Benchmark State", new Mandate("S/RES/9999 (2026)", new DateOnly(2026, 1, 1),
                        new DateOnly(2026, 12, 31), true, null)), options: Servers.Json),
            };
            register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var registered = await http.SendAsync(register);
            if (!registered.IsSuccessStatusCode)
                throw new InvalidOperationException($"The first command: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
            return (ready, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// How soon a restarted node serves: the server started as a process on a database that an earlier start has migrated
/// and seeded with the demo data, timed from the process's start to <c>/health/ready</c> answering 200 (polled every
/// 10 ms), then to its first command answered (an administrator registering a mission: the first request of a
/// Wolverine endpoint, with whatever it compiles or loads on first use). Two builds of the same code: as the container
/// image runs it (published ReadyToRun, as deploy/docker/Dockerfile does: the goal's figure), and the plain Release
/// build the tests run (its methods compiled just in time). Several starts of each, alternated; medians reported.
/// </summary>
public static class ColdStart
{
    private static readonly int Starts = int.Parse(Environment.GetEnvironmentVariable("BENCH_STARTS") ?? "5",
        System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<Dictionary<string, double>> RunAsync(string connectionString)
    {
        var published = await PublishAsync();
        // The first start migrates the fresh database and seeds the demo data; it is not measured.
        await using (await Servers.StartAsync(connectionString, "start-0"))
        {
        }
        var builds = new[] { ("published", published), ("build", AppContext.BaseDirectory) };
        var ready = builds.ToDictionary(b => b.Item1, _ => new List<double>());
        var firstCommand = builds.ToDictionary(b => b.Item1, _ => new List<double>());
        for (var start = 1; start <= Starts; start++)
            foreach (var (name, directory) in builds)
            {
                var label = $"{start}{char.ToUpperInvariant(name[0])}";
                var (toReady, toCommand) = await StartOnceAsync(connectionString, directory, label);
                Console.Error.WriteLine($"start: {start} ({name}) ready after {toReady:0.000} s, " +
                    $"first command answered after {toCommand:0.000} s");
                ready[name].Add(toReady);
                firstCommand[name].Add(toCommand);
            }
        return new Dictionary<string, double>
        {
            ["cold_start_ready_s"] = Median(ready["published"]),
            ["cold_start_ready_max_s"] = ready["published"].Max(),
            ["cold_start_first_command_s"] = Median(firstCommand["published"]),
            ["cold_start_build_ready_s"] = Median(ready["build"]),
            ["cold_start_build_first_command_s"] = Median(firstCommand["build"]),
        };
    }

    /// <summary>Publishes the server as the Dockerfile does (ReadyToRun) into .local/cold-start; its folder.</summary>
    private static async Task<string> PublishAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ProtectionPlanner.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository was not found.");
        var output = Path.Combine(root, ".local", "cold-start");
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "ProtectionPlanner.Server"),
            "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output,
            "--nologo", "-v", "q"]) { RedirectStandardOutput = true };
        Console.Error.WriteLine("start: publishing the server ReadyToRun, as the container image has it");
        using var publish = Process.Start(info) ?? throw new InvalidOperationException("Could not run dotnet publish.");
        var log = await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{log}");
        return output;
    }

    private static async Task<(double Ready, double FirstCommand)> StartOnceAsync(
        string connectionString, string directory, string start)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var server = Path.Combine(directory, "ProtectionPlanner.Server.dll");
        var info = new ProcessStartInfo("dotnet", [server, "serve", "--urls", address.ToString()])
        {
            WorkingDirectory = directory,
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

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>The README's run command, as a newcomer runs it, on a PostgreSQL cluster of the test's own.</summary>
public sealed class ReadmeCommandTests
{
    private static readonly string ClientApp =
        Path.Combine(PostgresServer.RepositoryRoot, "src", "ProtectionPlanner.Server", "ClientApp");

    [Fact]
    public async Task The_run_command_serves_the_demo_in_production_with_a_signing_key_kept_in_its_cluster()
    {
        var cluster = Path.Combine(Path.GetTempPath(), $"planner-run-{Guid.NewGuid():N}");
        var port = ServerProcess.FreePort();
        var environment = new Dictionary<string, string> { ["PLANNER_PG_DIR"] = cluster };
        var runScript = Path.Combine(PostgresServer.RepositoryRoot, "deploy", "local", "run.sh");
        var start = new ProcessStartInfo("bash", [runScript])
        {
            WorkingDirectory = PostgresServer.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PLANNER_PG_DIR"] = cluster,
                ["PLANNER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                // The tests' build, rather than a build of its own (minutes on a busy machine).
                ["PLANNER_SERVER_DLL"] = Scripts.ServerDll,
            },
        };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var run = Process.Start(start)!;
        run.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        run.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var token = await DemoTokenAsync(http, run, output);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Contains("UNMDM", await EventuallyAsync(http, "/api/missions", body => body.Contains("UNMDM")));
            Assert.Contains(output, line => line.Contains("Hosting environment: Production", StringComparison.Ordinal));

            var key = await File.ReadAllTextAsync(Path.Combine(cluster, "demo-signing-key"));
            Assert.True(key.Trim().Length >= 32, "the demo signing key is short");
            Assert.Equal(HttpStatusCode.OK, await MeAsync(http, SignedWith(key)));
            Assert.Equal(
                HttpStatusCode.Unauthorized, await MeAsync(http, SignedWith("local demo key: not for production")));
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
            await Scripts.RunAsync("deploy/local/postgres.sh", ["stop"], environment, TimeSpan.FromMinutes(1));
            try { Directory.Delete(cluster, recursive: true); }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Installing_the_UI_packages_leaves_the_working_tree_as_it_was()
    {
        // node_modules older than package.json: the build installs the packages again, as on a fresh clone.
        var modules = Path.Combine(ClientApp, "node_modules");
        if (Directory.Exists(modules))
            Directory.SetLastWriteTimeUtc(modules, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var build = await Scripts.RunAsync(
            "deploy/local/build-ui.sh", [], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));

        Assert.True(build.ExitCode == 0, build.Output);
        using var git = Process.Start(new ProcessStartInfo("git", ["status", "--porcelain", "--", ClientApp])
        {
            WorkingDirectory = PostgresServer.RepositoryRoot, RedirectStandardOutput = true,
        })!;
        var changed = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.Equal(0, git.ExitCode);
        Assert.Equal("", changed);
    }

    private static async Task<string> DemoTokenAsync(HttpClient http, Process run, IEnumerable<string> output)
    {
        // It may build the UI first: allow it minutes on a busy machine.
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            try
            {
                var response = await http.PostAsJsonAsync("/api/demo/token", new DemoTokenRequest("planner1"));
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadFromJsonAsync<JsonElement>())
                        .GetProperty("accessToken").GetString()!;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"run.sh gave no demo token:\n{string.Join('\n', output.TakeLast(40))}");
    }

    private static async Task<string> EventuallyAsync(HttpClient http, string path, Func<string, bool> done)
    {
        var body = "";
        for (var attempt = 0; attempt < 120 && !done(body); attempt++)
        {
            if (attempt > 0) await Task.Delay(500);
            body = await http.GetStringAsync(path);
        }
        return body;
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await http.SendAsync(request)).StatusCode;
    }

    private static string SignedWith(string signingKey) =>
        new DemoTokens(Options.Create(new DemoOptions { Enabled = true, SigningKey = signingKey.Trim() }),
            Options.Create(new AuthOptions()), TimeProvider.System, NullLogger<DemoTokens>.Instance)
            .Issue("planner1", []);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>
/// deploy/compose/compose.yaml run for real, as its header says (through <c>deploy/local/docker.sh compose</c>: docker
/// compose, or Debian's docker-compose): PostgreSQL, the migration, two app nodes and the proxy, all healthy, serving
/// a command and its live push through the proxy.
/// </summary>
public sealed class ComposeTests
{
    private static readonly string ComposeFile =
        Path.Combine(PostgresServer.RepositoryRoot, "deploy", "compose", "compose.yaml");

    [Fact]
    public async Task The_stack_starts_healthy_and_serves_a_command_and_its_push_through_the_proxy()
    {
        var folder = Directory.CreateTempSubdirectory("planner-compose-").FullName;
        var settings = Path.Combine(folder, ".env");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var port = ServerProcess.FreePort();
        await File.WriteAllLinesAsync(settings, [
            $"COMPOSE_PROJECT_NAME=planner-test-{Guid.NewGuid():N}",
            $"PLANNER_ENV_FILE={settings}",
            $"PLANNER_IMAGE={await Images.AppAsync()}",
            $"PLANNER_POSTGRES_IMAGE={PostgresContainer.Image}",
            $"PLANNER_PROXY_IMAGE={await Images.ProxyAsync()}",
            $"PLANNER_HTTP_PORT={port.ToString(CultureInfo.InvariantCulture)}",
            $"POSTGRES_PASSWORD={password}",
            $"PLANNER__DATABASE=Host=postgres;Username=planner;Password={password};Database=planner",
            "PLANNER__DEMO__ENABLED=true",
            $"PLANNER__DEMO__SIGNINGKEY={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        ]);
        try
        {
            var up = await ComposeAsync(settings, "up", "-d", "--no-build");
            Assert.True(up.ExitCode == 0, up.Output);
            await HealthyAsync(settings, "app-a", "app-b", "proxy");

            var address = new Uri($"http://127.0.0.1:{port}");
            using var planner = await Images.ClientAsync(address, "planner1");
            var token = planner.DefaultRequestHeaders.Authorization!.Parameter;
            await using var hub = await HubConnections.ToPlanningHub(address, token, keepPushed: true).StartedAsync();
            await hub.SubscribeFromViewAsync(planner, DemoApp.StrategyId);
            var threat = await planner.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Through the proxy"));

            // The demo data may still be being seeded: the changes before it are the seed's.
            var change = (await hub.ChangesUntilAsync(threat.Stamp.Version, TimeSpan.FromSeconds(30)))[^1];
            Assert.Equal(threat.Id, Items(change, "threat").Single().GetProperty("id").GetGuid());
        }
        catch (Exception failure)
        {
            var logs = await ComposeAsync(settings, "logs", "--tail", "30");
            throw new InvalidOperationException($"{failure.Message}\n{logs.Output}", failure);
        }
        finally
        {
            await ComposeAsync(settings, "down", "-v", "--remove-orphans");
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits until each service says it is healthy (the proxy's own check comes after `up`).</summary>
    private static async Task HealthyAsync(string settings, params string[] services)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var ps = (await ComposeAsync(settings, "ps")).Output;
            var unhealthy = services.Where(service =>
                !Regex.IsMatch(ps, $@"{service}[-_]1\s.*\(healthy\)")).ToList();
            if (unhealthy.Count == 0) return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Not healthy within 2 minutes: {string.Join(", ", unhealthy)}\n{ps}");
            await Task.Delay(1000);
        }
    }

    private static Task<(int ExitCode, string Output)> ComposeAsync(string settings, params string[] arguments) =>
        Scripts.RunAsync("deploy/local/docker.sh", ["compose", "--env-file", settings, "-f", ComposeFile, .. arguments],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(8));
}

using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Testing;
using Testcontainers.PostgreSql;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>
/// The app's container image run for real against the PostgreSQL container, on a network of their own, as an operator
/// runs it: ready, a demo token, a command and its live push, the PDF (Chromium in the image), and a restart of the
/// app's container that keeps the data.
/// </summary>
public sealed class ImageTests
{
    private static readonly Guid StrategyId = DemoApp.StrategyId;

    [Fact]
    public async Task The_image_serves_a_command_its_push_and_the_pdf_and_keeps_the_data_across_a_restart()
    {
        var image = await Images.AppAsync();
        var owner = PostgresContainer.OwnerOf(Process.GetCurrentProcess());
        await using var network = new NetworkBuilder().WithLabel(PostgresContainer.OwnerLabel, owner).Build();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await using var postgres = new PostgreSqlBuilder(PostgresContainer.Image).WithPassword(password)
            .WithNetwork(network).WithNetworkAliases("postgres").WithLabel(PostgresContainer.OwnerLabel, owner).Build();
        await postgres.StartAsync();
        await using var app = new ContainerBuilder(image)
            .WithNetwork(network)
            .WithLabel(PostgresContainer.OwnerLabel, owner)
            .WithEnvironment("PLANNER__DATABASE", $"Host=postgres;Username=postgres;Password={password}")
            .WithEnvironment("PLANNER__DEMO__ENABLED", "true")
            .WithEnvironment("PLANNER__DEMO__SIGNINGKEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(
                request => request.ForPort(8080).ForPath("/health/ready"),
                wait => wait.WithTimeout(TimeSpan.FromMinutes(3))))
            .Build();
        await app.StartAsync();

        Threat threat;
        using (var planner = await Images.ClientAsync(Address(app), "planner1"))
        {
            await using var hub = await HubConnections.ToPlanningHub(
                planner.BaseAddress!, planner.DefaultRequestHeaders.Authorization!.Parameter, keepPushed: true)
                .StartedAsync();
            await hub.SubscribeFromViewAsync(planner, StrategyId);
            threat = await planner.IdentifyThreatAsync(StrategyId, Sample.Threat("Identified in the container"));
            // The demo data may still be being seeded: the changes before it are the seed's.
            var change = (await hub.ChangesUntilAsync(threat.Stamp.Version, TimeSpan.FromSeconds(30)))[^1];
            Assert.Equal(threat.Id, Items(change, "threat").Single().GetProperty("id").GetGuid());

            using var pdf = await planner.GetAsync($"/api/strategies/{StrategyId}/document.pdf");
            Assert.True(pdf.StatusCode == HttpStatusCode.OK, await pdf.Content.ReadAsStringAsync());
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));
        }

        await app.StopAsync();
        await app.StartAsync();
        using var afterRestart = await Images.ClientAsync(Address(app), "planner1");
        PlanningApi.AssertSame(threat, await afterRestart.ThreatAsync(StrategyId, threat.Id));
    }

    private static Uri Address(IContainer app) => new($"http://{app.Hostname}:{app.GetMappedPublicPort(8080)}");
}

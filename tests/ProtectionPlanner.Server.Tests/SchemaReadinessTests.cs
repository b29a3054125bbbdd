using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Readiness and the schema: a node that finds the schema unlike its build is not ready; a match stands for
/// <c>Planner:Health:SchemaCheckSeconds</c>, so that polls do not compare the whole schema each time.</summary>
public sealed class SchemaReadinessTests(SchemaReadinessTests.ComparingEveryTime comparing, PlannerApp app)
    : IClassFixture<SchemaReadinessTests.ComparingEveryTime>, IClassFixture<PlannerApp>
{
    /// <summary>The app, comparing the schema at every readiness check.</summary>
    public sealed class ComparingEveryTime : PlannerApp
    {
        protected override WebApplicationFactory<Program> Configure(WebApplicationFactory<Program> factory) =>
            factory.WithWebHostBuilder(host => host.UseSetting("Planner:Health:SchemaCheckSeconds", "0"));
    }

    [Fact]
    public async Task Readiness_is_503_naming_the_schema_object_that_differs_from_this_build_and_200_once_applied()
    {
        var client = await comparing.ReadyClientAsync();

        await comparing.ExecuteAsync("drop index planner.presence_node");
        try
        {
            var response = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var migrations = await MigrationsCheckAsync(response);
            Assert.Equal("Unhealthy", migrations.GetProperty("status").GetString());
            Assert.Contains("1 of", migrations.GetProperty("description").GetString());
            Assert.Contains("planner.presence (update)", migrations.GetProperty("description").GetString());
        }
        finally
        {
            await Server.Operations.Migrations.ApplyAsync(comparing.Factory.Services, CancellationToken.None);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_match_stands_for_its_window_so_a_start_is_ready_without_comparing_again()
    {
        var client = await app.ReadyClientAsync();

        await app.ExecuteAsync("drop index planner.presence_node");
        try
        {
            var response = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var description = (await MigrationsCheckAsync(response)).GetProperty("description").GetString();
            Assert.Matches(@"^The schema matched this build \d+ s ago\.$", description);
        }
        finally
        {
            await Server.Operations.Migrations.ApplyAsync(app.Factory.Services, CancellationToken.None);
        }
    }

    private static async Task<JsonElement> MigrationsCheckAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty("migrations").Clone();
    }
}

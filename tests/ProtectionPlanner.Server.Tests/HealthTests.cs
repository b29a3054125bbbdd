using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests;

public sealed class HealthTests(PlannerApp app) : IClassFixture<PlannerApp>
{
    [Fact]
    public async Task Readiness_is_200_once_the_database_answers_and_the_schema_is_migrated()
    {
        var client = await app.ReadyClientAsync();
        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.All(["database", "migrations", "projections"], name => Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString()));
        Assert.True(await app.ScalarAsync<bool>("select to_regclass('planner.mt_events') is not null"));
    }

    [Fact]
    public async Task Readiness_is_503_and_liveness_200_when_the_database_is_unreachable()
    {
        await using var unreachable = PlannerApp.For("Host=127.0.0.1;Port=9;Username=nobody;Password=x;Database=none;Timeout=1");
        var client = unreachable.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Contains("not reachable", text);
        using var body = JsonDocument.Parse(text);
        Assert.All(["database", "migrations", "projections"],
            name => Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty(name).GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Readiness_is_503_naming_a_projection_recorded_as_faulted_and_200_again_once_it_runs()
    {
        var client = await app.ReadyClientAsync();
        await WaitUntilRegisteredAsync("planning_views");

        // As Marten's daemon records a shard it paused on a failure (extended progression tracking).
        await app.ExecuteAsync("""
            update planner.mt_event_progression
            set agent_status = 'Paused', failure_category = 'ApplyEvent', failure_event_sequence = 42,
                failure_event_type = 'threat_identified', pause_reason = 'System.InvalidOperationException: the view has no such threat'
            where name = 'planning_views:All'
            """);
        try
        {
            var faulted = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
            using var body = JsonDocument.Parse(await faulted.Content.ReadAsStringAsync());
            var projections = body.RootElement.GetProperty("checks").GetProperty("projections");
            Assert.Equal("Unhealthy", projections.GetProperty("status").GetString());
            Assert.Contains("planning_views faulted at event 42 (threat_identified)", projections.GetProperty("description").GetString());
            Assert.StartsWith("faulted", projections.GetProperty("data").GetProperty("planning_views").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }
        finally
        {
            await app.ExecuteAsync("""
                update planner.mt_event_progression
                set agent_status = 'Running', failure_category = null, failure_event_sequence = null, failure_event_type = null,
                    pause_reason = null
                where name = 'planning_views:All'
                """);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_health_routes()
    {
        var client = app.Factory.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/health/ready", out _));
        Assert.True(paths.TryGetProperty("/health/live", out _));
        Assert.False(paths.TryGetProperty("/metrics", out _));
    }

    /// <summary>Marten records a projection's progress, and its agent's status, at its first batch: an event gives it
    /// one.</summary>
    private async Task WaitUntilRegisteredAsync(string projection)
    {
        var store = app.Factory.Services.GetRequiredService<Marten.IDocumentStore>();
        var missionId = Guid.NewGuid();
        await store.AppendAsync<Domain.Missions.Mission>(missionId, "admin1", "Administrator", null, new Domain.Missions.MissionRegistered(
            missionId, "Registers the projections", "UNREG", Domain.Missions.MissionKind.Pko, "Arandu", Sample.Mandate()));
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Once the daemon has recorded its running agent there (after the first batch), nothing writes the row's
            // status again until the agent's next start, pause or stop.
            if (await app.ScalarAsync<bool>($"""
                select exists (select 1 from planner.mt_event_progression
                               where name = '{projection}:All' and agent_status = 'Running')
                """)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The projection {projection} was not registered.");
    }
}

using System.Net;
using System.Text.Json;

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
        Assert.True(await app.ScalarAsync<bool>("select to_regclass('eventstore.events') is not null"));
    }

    [Fact]
    public async Task Readiness_is_503_and_liveness_200_when_the_database_is_unreachable()
    {
        await using var unreachable = PlannerApp.For("Host=127.0.0.1;Port=9;Username=nobody;Password=x;Database=none;Timeout=1");
        var client = unreachable.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("not reachable", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
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
    }
}

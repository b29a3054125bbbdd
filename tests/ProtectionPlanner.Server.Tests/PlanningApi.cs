using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>What a command answers (CommandResponse), with its item read as <typeparamref name="TItem"/>.</summary>
public sealed record CommandResult<TItem>(Guid StreamId, long Version, long? Position, bool Changed, TItem? Item);

/// <summary>Request bodies that pass validation, to vary one field at a time.</summary>
public static class Sample
{
    public static ThreatAssessment Threat(string title = "Cattle raids on riverside villages", Level priority = Level.Medium) => new(
        title, "Armed youth cross the river at dawn, burn homesteads and drive the cattle away.", ThreatCategory.IntercommunalViolence,
        new Perpetrator("Armed youth from the east bank (fictional)", "Revenge for earlier raids", "Small groups with rifles"),
        new CiviliansAtRisk("Pastoralist families of the west bank", "All ages", Displacement.NotDisplaced),
        "West bank villages", null, "Dry season", 3, 4, Trend.Stable, HostStateCapacity.Limited, HostStateWillingness.Willing,
        ["County commissioner"], priority, null, "Community liaison assistants", Level.Medium);

    public static ActivityDetails Activity(
        Guid threatId, string title = "Community dialogue between the two banks", Tier tier = Tier.Dialogue, Phase phase = Phase.Prevention,
        string? supportedSecurityForce = null) => new(
        title, "Monthly meetings of chiefs and youth leaders of both banks, facilitated by Civil Affairs.", null, [threatId], tier, phase,
        "West bank villages", null, null, null, "Meetings held per month", ActivityStatus.Planned, supportedSecurityForce);

    public static Commitment Commitment(int personnel = 4) => new(personnel, []);

    public static Mandate Mandate() => new("S/RES/0001 (2026) (fictional, tests)", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), true, null);
}

/// <summary>Sending commands and reading answers over HTTP, with the API's headers (If-Match, Idempotency-Key).</summary>
public static class PlanningApi
{
    public static Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string url, object? body = null, long? ifMatch = null, string? idempotencyKey = null) =>
        client.SendRawAsync(method, url, body is null ? null : JsonSerializer.Serialize(body, body.GetType(), DemoApp.Json),
            ifMatch is { } version ? $"\"{version}\"" : null, idempotencyKey);

    /// <summary>Sends <paramref name="json"/> as it is (malformed or oversized bodies), with a Content-Length.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(
        this HttpClient client, HttpMethod method, string url, string? json, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>The client, asking for French from now on (the web UI sends its language on every request).</summary>
    public static HttpClient InFrench(this HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        return client;
    }

    /// <summary>Asserts the status (showing the body when it differs) and reads the body.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, DemoApp.Json)!;
    }

    /// <summary>Asserts an RFC 7807 answer of <paramref name="status"/> and <paramref name="type"/>, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {type} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts two representations are the same, field by field (records holding lists compare lists by reference).</summary>
    public static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, DemoApp.Json), JsonSerializer.Serialize(actual, DemoApp.Json));

    /// <summary>The version in the ETag header.</summary>
    public static long ETagVersion(this HttpResponseMessage response)
    {
        var tag = response.Headers.ETag ?? throw new InvalidOperationException("The response has no ETag.");
        return long.Parse(tag.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<Strategy> StrategyAsync(this HttpClient client, Guid strategyId) =>
        await (await client.GetAsync($"/api/strategies/{strategyId}")).ReadAsync<Strategy>();

    public static async Task<Threat> ThreatAsync(this HttpClient client, Guid strategyId, Guid threatId) =>
        await (await client.GetAsync($"/api/strategies/{strategyId}/threats/{threatId}")).ReadAsync<Threat>();

    public static async Task<Threat> IdentifyThreatAsync(this HttpClient planner, Guid strategyId, ThreatAssessment? assessment = null)
    {
        var response = await planner.SendAsync(HttpMethod.Post, $"/api/strategies/{strategyId}/threats", new ThreatRequest(assessment ?? Sample.Threat()));
        return (await response.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created)).Item!;
    }

    public static async Task<Item<ActivityDetails>> PlanActivityAsync(this HttpClient planner, Guid strategyId, ActivityDetails details)
    {
        var response = await planner.SendAsync(HttpMethod.Post, $"/api/strategies/{strategyId}/activities", new ActivityRequest(details));
        return (await response.ReadAsync<CommandResult<ActivityView>>(HttpStatusCode.Created)).Item!.Activity;
    }

    public static async Task<Threat> ReassessThreatAsync(this HttpClient planner, Guid strategyId, Threat threat, string title)
    {
        var response = await planner.SendAsync(HttpMethod.Put, $"/api/strategies/{strategyId}/threats/{threat.Id}",
            new ThreatRequest(threat.Assessment with { Title = title }), ifMatch: threat.Stamp.Version);
        return (await response.ReadAsync<CommandResult<Threat>>()).Item!;
    }
}

/// <summary>More than one node of the app on one database, as when several servers run behind a load balancer.</summary>
public static class Nodes
{
    /// <summary>Another node on the app's database: its own cached states and its own turns on streams, so commands sent
    /// through both nodes really race on the database.</summary>
    public static async Task<WebApplicationFactory<Program>> SecondNodeAsync(this DemoApp app)
    {
        var node = app.Factory.WithWebHostBuilder(_ => { });
        await node.Services.GetRequiredService<DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(1));
        return node;
    }

    /// <summary>A client of <paramref name="node"/> signed in as a demo user (the nodes share the signing key).</summary>
    public static async Task<HttpClient> ClientFor(this DemoApp app, WebApplicationFactory<Program> node, string userName)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = (await app.ClientFor(userName)).DefaultRequestHeaders.Authorization;
        return client;
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Exercises;

namespace ProtectionPlanner.Server.Tests.Exercises;

/// <summary>Exercises through the HTTP API, as controllers and players use it (docs/exercises.md).</summary>
public static class ExerciseApi
{
    public static readonly Guid Force = DemoData.Id("UNMDM/component/force");
    public static readonly Guid Unpol = DemoData.Id("UNMDM/component/unpol");
    public static readonly Guid MarketThreat = DemoData.Id("UNMDM/threat/bentiu-market");

    public static InjectDetails Inject(string synopsis, TimeSpan at, Guid[]? targets = null, string expected = "Reassess the threat and act", bool contingency = false) =>
        new(at, synopsis, DeliveryMethod.SituationReport, targets ?? [], expected, null, MarketThreat, contingency);

    /// <summary>An exercise on the demo strategy at its current version, directed by controller1, played by player1
    /// (Force) and evaluated by observer1; returns its id.</summary>
    public static async Task<Guid> NewExerciseAsync(this HttpClient controller, string name, long? strategyVersion = null)
    {
        var created = await (await controller.SendAsync(HttpMethod.Post, "/api/exercises",
            new { strategyId = DemoApp.StrategyId, name, strategyVersion, scenario = "Tests" })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = created.GetProperty("streamId").GetGuid();
        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{id}/participants", new { userName = "player1", role = "Player" })).ReadAsync<JsonElement>();
        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{id}/participants", new { userName = "observer1", role = "Evaluator" })).ReadAsync<JsonElement>();
        return id;
    }

    public static async Task<Guid> ScriptAsync(this HttpClient controller, Guid exerciseId, InjectDetails details) =>
        (await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/injects", new { details })).ReadAsync<JsonElement>(HttpStatusCode.Created))
        .GetProperty("item").GetProperty("id").GetGuid();

    public static async Task<long> PostAsync(this HttpClient client, Guid exerciseId, string path, object? body = null,
        long? ifMatch = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        (await (await client.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/{path}", body, ifMatch))
            .ReadAsync<JsonElement>(expected)).GetProperty("version").GetInt64();

    public static Task<long> StartAsync(this HttpClient controller, Guid exerciseId, double speed = 1) =>
        controller.PostAsync(exerciseId, "clock/start", new { speed });

    public static Task<long> ReleaseAsync(this HttpClient controller, Guid exerciseId, Guid injectId) =>
        controller.PostAsync(exerciseId, $"injects/{injectId}/release");

    public static async Task<JsonElement> BoardAsync(this HttpClient client, Guid exerciseId) =>
        await (await client.GetAsync($"/api/exercises/{exerciseId}")).ReadAsync<JsonElement>();

    public static async Task<HttpResponseMessage> ImportAsync(this HttpClient controller, Guid exerciseId, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/exercises/{exerciseId}/msel") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        return await controller.SendAsync(request);
    }

    public static JsonElement Threat(JsonElement planView, Guid threatId) =>
        planView.GetProperty("threats").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == threatId);

    /// <summary>The threat's assessment with another likelihood, as a request body wants it (without the derived risk).</summary>
    public static Dictionary<string, JsonElement> Reassessed(JsonElement threat, int likelihood)
    {
        var assessment = threat.GetProperty("assessment").EnumerateObject()
            .Where(p => p.Name is not ("riskScore" or "risk")).ToDictionary(p => p.Name, p => p.Value.Clone());
        assessment["likelihood"] = JsonSerializer.SerializeToElement(likelihood);
        return assessment;
    }
}

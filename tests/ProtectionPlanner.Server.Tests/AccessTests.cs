using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Missions;

namespace ProtectionPlanner.Server.Tests;

/// <summary>
/// Who may call what, for every route the OpenAPI document lists: nobody without a token, nobody outside the mission,
/// nobody read-only for a command. The requests are well formed (route ids of existing items, If-Match, a body built
/// from the documented schema), so the refusal can only come from access control.
/// </summary>
public sealed class AccessTests(DemoApp app) : IClassFixture<DemoApp>
{
    /// <summary>One documented operation, ready to send.</summary>
    public sealed record Route(HttpMethod Method, string Template, string Url, string? Body)
    {
        public override string ToString() => $"{Method} {Template}";
    }

    [Fact]
    public async Task Every_route_refuses_a_request_without_a_token_with_401_and_appends_nothing()
    {
        var routes = await RoutesAsync(app);
        var anonymous = app.Anonymous();
        var events = await app.EventCountAsync();

        var refusals = new List<string>();
        foreach (var route in routes)
        {
            var response = await anonymous.SendRawAsync(route.Method, route.Url, route.Body, ifMatch: "\"1\"");
            if (response.StatusCode != HttpStatusCode.Unauthorized || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                refusals.Add($"{route}: {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
        }

        Assert.Empty(refusals);
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_token_that_was_tampered_with_is_refused_with_401()
    {
        var planner = await app.ClientFor("planner1");
        var token = planner.DefaultRequestHeaders.Authorization!.Parameter!;
        var forged = app.Anonymous();
        var payload = token.Split('.')[1];
        forged.DefaultRequestHeaders.Authorization = new("Bearer", token.Replace(payload, payload[..^2] + (payload[^2] == 'A' ? "BB" : "AA")));

        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"/api/strategies/{DemoApp.StrategyId}")).StatusCode);
    }

    [Fact]
    public async Task A_token_is_refused_once_it_expired_more_than_30_seconds_ago()
    {
        async Task<HttpStatusCode> AskWithTokenExpiredAgo(TimeSpan ago)
        {
            // Demo tokens last 12 hours: one issued that long (and a bit) ago has just expired.
            var clock = new FixedClock(DateTimeOffset.UtcNow - TimeSpan.FromHours(12) - ago);
            var tokens = ActivatorUtilities.CreateInstance<DemoTokens>(app.Factory.Services, (TimeProvider)clock);
            var client = app.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue("planner1", []));
            return (await client.GetAsync("/api/me")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await AskWithTokenExpiredAgo(TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.Unauthorized, await AskWithTokenExpiredAgo(TimeSpan.FromSeconds(45)));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_planner_of_another_mission_is_refused_every_route_about_UNMDM_with_403_and_appends_nothing()
    {
        var routes = await RoutesAsync(app);
        var outsider = await app.ClientFor("planner3");
        var events = await app.EventCountAsync();

        var unexpected = new List<string>();
        foreach (var route in routes.Where(r => !IsOpenToEveryone(r)))
        {
            var response = await outsider.SendRawAsync(route.Method, route.Url, route.Body, ifMatch: "\"1\"");
            if (response.StatusCode != HttpStatusCode.Forbidden)
                unexpected.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            else
                await response.ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        }

        Assert.Empty(unexpected);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_planner_of_another_mission_sees_only_that_mission_in_the_list_and_in_their_memberships()
    {
        var outsider = await app.ClientFor("planner3");

        var missions = await (await outsider.GetAsync("/api/missions")).ReadAsync<List<MissionSummary>>();
        var me = await (await outsider.GetAsync("/api/me")).ReadAsync<Me>();

        var only = Assert.Single(missions);
        Assert.Equal(DemoApp.OtherMissionId, only.Id);
        Assert.DoesNotContain(missions, m => m.Id == DemoApp.MissionId || m.Acronym == "UNMDM");
        Assert.Equal("planner3", me.UserName);
        Assert.Equal(DemoApp.OtherMissionId, Assert.Single(me.Memberships).MissionId);
        Assert.DoesNotContain(me.Memberships, m => m.Acronym == "UNMDM");
    }

    [Fact]
    public async Task An_observer_reads_every_route_of_the_mission_but_is_refused_every_command_with_403()
    {
        var routes = await RoutesAsync(app);
        var observer = await app.ClientFor("observer1");
        var events = await app.EventCountAsync();

        var unexpected = new List<string>();
        // observer1 evaluates the demo exercise: recording observations, gaps and improvements is theirs
        // (ExercisePlayTests), and so is speaking in its hot wash (HotWashTests).
        foreach (var route in routes.Where(r => !r.Template.EndsWith("/observations") && !r.Template.EndsWith("/gaps")
                     && !r.Template.EndsWith("/improvements") && !r.Template.EndsWith("/hot-wash")))
        {
            var response = await observer.SendRawAsync(route.Method, route.Url, route.Body, ifMatch: "\"1\"");
            var expected = route.Method == HttpMethod.Get && route.Template != "/api/audit/verify"
                ? Read(route) : HttpStatusCode.Forbidden;
            if (response.StatusCode != expected) unexpected.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Empty(unexpected);
        Assert.Equal(events, await app.EventCountAsync());
        Assert.Equal(Stage.Draft, (await observer.StrategyAsync(DemoApp.StrategyId)).Stage);
    }

    [Fact]
    public async Task A_player_reads_the_mission_and_their_own_board_but_not_the_MSEL_nor_the_report_before_the_end_nor_any_command()
    {
        var routes = await RoutesAsync(app);
        var player = await app.ClientFor("player1");
        var events = await app.EventCountAsync();
        string[] controlOnly =
        [
            "/api/audit/verify", "/api/exercises/{exerciseId}/msel.csv", "/api/exercises/{exerciseId}/report",
            "/api/exercises/{exerciseId}/report.pdf",
        ];

        var unexpected = new List<string>();
        // Decisions and responses to injects are the player's to make (ExercisePlayTests), the hot wash theirs to
        // speak in (HotWashTests).
        foreach (var route in routes.Where(r => !r.Template.StartsWith("/api/exercises/{exerciseId}/decisions/")
                     && r.Template != "/api/exercises/{exerciseId}/responses"
                     && r.Template != "/api/exercises/{exerciseId}/hot-wash"))
        {
            var response = await player.SendRawAsync(route.Method, route.Url, route.Body, ifMatch: "\"1\"");
            var expected = route.Method == HttpMethod.Get && !controlOnly.Contains(route.Template)
                ? Read(route) : HttpStatusCode.Forbidden;
            if (response.StatusCode != expected) unexpected.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Empty(unexpected);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task An_HQ_reviewer_reads_every_mission_and_its_strategy_without_being_a_member()
    {
        var hq = await app.ClientFor("hq1");

        var missions = await (await hq.GetAsync("/api/missions")).ReadAsync<List<MissionSummary>>();

        Assert.Equal(DemoData.Missions.Select(m => m.MissionId).Order(), missions.Select(m => m.Id).Order());
        foreach (var summary in missions)
        {
            Assert.Null(summary.YourRole);
            var mission = await (await hq.GetAsync($"/api/missions/{summary.Id}")).ReadAsync<MissionView>();
            Assert.DoesNotContain(mission.Members, m => m.UserName == "hq1");
            var strategy = await hq.StrategyAsync(summary.StrategyId);
            Assert.Equal(summary.Id, strategy.MissionId);
            Assert.Equal(HttpStatusCode.OK, (await hq.GetAsync($"/api/strategies/{summary.StrategyId}/coherence")).StatusCode);
        }
    }

    [Fact]
    public async Task The_demo_token_endpoint_refuses_an_unknown_user_with_400()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/demo/token", new DemoTokenRequest("mallory"), DemoApp.Json);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("userName", out _));
    }

    /// <summary>What a read the user may make answers: 200, but 503 for a PDF, which DemoApp has no Chromium for
    /// (past access control, so not 403).</summary>
    private static HttpStatusCode Read(Route route) =>
        route.Template.EndsWith(".pdf", StringComparison.Ordinal)
            ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;

    /// <summary>GET /api/missions and GET /api/me answer everyone signed in, each about themselves.</summary>
    private static bool IsOpenToEveryone(Route route) =>
        route.Method == HttpMethod.Get
        && route.Template is "/api/missions" or "/api/me" or "/api/me/exercises" or "/api/portfolio" or "/api/history";

    /// <summary>Every operation of the OpenAPI document but health, the document itself and the demo endpoints, with its
    /// route filled with the demo mission's ids and a minimal body of the documented schema (the fuzz tests start there).</summary>
    internal static async Task<List<Route>> RoutesAsync(DemoApp app)
    {
        using var document = JsonDocument.Parse(await app.Anonymous().GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var ids = await RouteIdsAsync(app);

        var routes = new List<Route>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (path.Name.StartsWith("/health/") || path.Name.StartsWith("/openapi/") || path.Name.StartsWith("/api/demo/")) continue;
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var body = Bodies.TryGetValue($"{method} {path.Name}", out var given) ? given
                    : operation.Value.TryGetProperty("requestBody", out var requestBody)
                    ? Minimal(requestBody.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema"), schemas)!.ToJsonString()
                    : null;
                routes.Add(new Route(method, path.Name, Fill(path.Name, ids) + RequiredQuery.GetValueOrDefault(path.Name, ""), body));
            }
        }
        return routes;
    }

    /// <summary>Bodies that must name existing things for the refusal to be about access, not a missing strategy.</summary>
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["POST /api/exercises"] = $$"""{"strategyId":"{{DemoApp.StrategyId}}","name":"x"}""",
    };

    /// <summary>Routes that need a query to answer 200.</summary>
    private static readonly Dictionary<string, string> RequiredQuery = new()
    {
        ["/api/strategies/{strategyId}/as-of"] = "?version=1",
        ["/api/strategies/{strategyId}/diff"] = "?from=1",
    };

    private static async Task<Dictionary<string, string>> RouteIdsAsync(DemoApp app)
    {
        var planner = await app.ClientFor("planner1");
        var strategy = await planner.StrategyAsync(DemoApp.StrategyId);
        var mission = await (await planner.GetAsync($"/api/missions/{DemoApp.MissionId}")).ReadAsync<MissionView>();
        return new Dictionary<string, string>
        {
            ["missionId"] = DemoApp.MissionId.ToString(),
            ["strategyId"] = DemoApp.StrategyId.ToString(),
            ["threatId"] = strategy.Threats[0].Id.ToString(),
            ["activityId"] = strategy.Assignments[0].ActivityId.ToString(),
            ["componentId"] = strategy.Assignments[0].ComponentId.ToString(),
            ["areaId"] = mission.Areas[0].Id.ToString(),
            ["partnerId"] = mission.Partners[0].Id.ToString(),
            ["userName"] = "planner1",
            ["commentId"] = Guid.NewGuid().ToString(), // refused before the comment is looked up
            ["exerciseId"] = DemoExercise.ExerciseId.ToString(),
            ["injectId"] = DemoData.Id("UNMDM/exercise/sector-east/mobilisation").ToString(),
            ["actionId"] = Guid.NewGuid().ToString(), // refused before the improvement is looked up
            ["improvementId"] = Guid.NewGuid().ToString(), // likewise
            ["objectives"] = strategy.Objectives[0].Id.ToString(),
            ["fora"] = strategy.Fora[0].Id.ToString(),
            ["early-warning"] = strategy.EarlyWarning[0].Id.ToString(),
            ["decisions"] = strategy.Decisions[0].Id.ToString(),
            ["handovers"] = strategy.Handovers[0].Id.ToString(),
        };
    }

    /// <summary>Fills <c>{name}</c> segments; <c>{itemId}</c> takes an item of the collection named just before it.</summary>
    private static string Fill(string template, Dictionary<string, string> ids)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{')) continue;
            var name = segments[i].Trim('{', '}');
            var key = name == "itemId" ? segments[i - 1] : name;
            segments[i] = ids.TryGetValue(key, out var id) ? id : throw new InvalidOperationException($"No id known for {segments[i]} in {template}: add one to the test.");
        }
        return string.Join('/', segments);
    }

    /// <summary>A smallest JSON value the schema accepts: required properties only, null where allowed, first enum value.</summary>
    private static JsonNode? Minimal(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return Minimal(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas);
        if (schema.TryGetProperty("enum", out var values))
            return JsonValue.Create(values[0].GetString());
        if (schema.TryGetProperty("oneOf", out var alternatives))
            return Minimal(alternatives.EnumerateArray().First(a => !(a.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")), schemas);

        var types = !schema.TryGetProperty("type", out var type) ? []
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [type.GetString()!];
        if (types.Contains("null")) return null;
        if (types.Contains("integer") || types.Contains("number")) return JsonValue.Create(1);
        if (types.Contains("boolean")) return JsonValue.Create(false);
        if (types.Contains("array")) return new JsonArray();
        if (types.Contains("string"))
        {
            var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            return format switch
            {
                "uuid" => JsonValue.Create(Guid.NewGuid()),
                "date" => JsonValue.Create("2026-06-01"),
                "date-time" => JsonValue.Create("2026-06-01T00:00:00Z"),
                _ when schema.TryGetProperty("pattern", out var pattern) && pattern.GetString()!.Contains(':') => JsonValue.Create("00:00:01"), // a TimeSpan
                _ => JsonValue.Create("x"),
            };
        }
        var body = new JsonObject();
        if (schema.TryGetProperty("required", out var required))
        {
            var properties = schema.GetProperty("properties");
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
                body[name] = Minimal(properties.GetProperty(name), schemas);
        }
        return body;
    }
}

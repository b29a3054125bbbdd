using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// Rate limits, on a node of the demo app with small ones (3 tokens, 5 commands and 4 hub calls a minute): token
/// requests count per client address, commands and hub calls per user; over the limit the answer is 429 with
/// Retry-After and ProblemDetails (a rate-limited error for a hub call), nothing is appended, and the refusal is
/// counted in the metrics. Reads are not limited.
/// </summary>
public sealed class RateLimitTests(DemoApp app) : IClassFixture<DemoApp>, IAsyncLifetime
{
    private const int Tokens = 3;
    private const int Writes = 5;
    private const int HubCalls = 4;

    private WebApplicationFactory<Program>? node;

    private WebApplicationFactory<Program> Node => node ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        node = app.Factory.WithWebHostBuilder(host => host
            .UseSetting("Planner:RateLimits:TokensPerMinute", Tokens.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planner:RateLimits:WritesPerMinute", Writes.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planner:RateLimits:HubCallsPerMinute", HubCalls.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await node.Services.GetRequiredService<DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(1));
    }

    // A factory derived from a derived factory (the demo app's) is not disposed with its parent: each test disposes its node.
    public async Task DisposeAsync()
    {
        if (node is not null) await node.DisposeAsync();
    }

    [Fact]
    public async Task Token_requests_over_the_limit_of_an_address_are_refused_with_429_and_another_address_still_gets_tokens()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= Tokens; i++) answers.Add(await TokenFromAsync("192.0.2.10"));
        var refused = await Node.Server.SendAsync(TokenRequest("192.0.2.10"));
        var elsewhere = await TokenFromAsync("192.0.2.11");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Tokens), HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(429, refused.Response.StatusCode);
        var retryAfter = int.Parse(refused.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", refused.Response.ContentType);
        var problem = await System.Text.Json.JsonDocument.ParseAsync(refused.Response.Body);
        Assert.Equal("/problems/rate-limited", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, elsewhere);
        Assert.Contains("planner_rate_limited_total{limit=\"tokens\"} 2\n", await Node.CreateClient().GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Commands_over_the_limit_of_a_user_are_refused_with_429_and_append_nothing_while_reads_and_other_users_go_on()
    {
        var planner1 = await app.ClientFor(Node, "planner1");
        var planner2 = await app.ClientFor(Node, "planner2");
        var url = $"/api/strategies/{DemoApp.StrategyId}/threats";

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Writes; i++) answers.Add((await planner1.SendAsync(HttpMethod.Post, url, new { assessment = new { } })).StatusCode);
        var events = await PlannerEventsAsync();
        var overLimit = await planner1.SendAsync(HttpMethod.Post, url, new ThreatRequest(Sample.Threat("One too many")));
        var problem = await overLimit.ProblemAsync(HttpStatusCode.TooManyRequests, "/problems/rate-limited");
        var read = await planner1.GetAsync($"/api/strategies/{DemoApp.StrategyId}");
        var otherUser = await planner2.SendAsync(HttpMethod.Post, url, new ThreatRequest(Sample.Threat("Planner2's own budget")));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.BadRequest, status)); // refused commands count too
        Assert.True(int.TryParse(overLimit.Headers.RetryAfter?.ToString(), out var seconds) && seconds is >= 1 and <= 60, $"Retry-After: {overLimit.Headers.RetryAfter}");
        Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() >= 1);
        Assert.Equal(events, await PlannerEventsAsync());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherUser.StatusCode);
        Assert.Contains("planner_rate_limited_total{limit=\"writes\"} 1\n", await Node.CreateClient().GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Anonymous_commands_count_per_address_and_are_refused_with_429_before_401()
    {
        var answers = new List<int>();
        for (var i = 0; i <= Writes; i++)
        {
            var context = await Node.Server.SendAsync(http =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
                http.Request.Method = HttpMethods.Post;
                http.Request.Path = $"/api/strategies/{DemoApp.StrategyId}/threats";
            });
            answers.Add(context.Response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(401, Writes), 429], answers);
    }

    [Fact]
    public async Task Hub_calls_over_the_limit_of_a_user_are_refused_while_the_connection_stays_and_other_users_go_on()
    {
        await using var planner1 = await Node.HubAsync(await app.TokenAsync("planner1"));
        await using var planner2 = await Node.HubAsync(await app.TokenAsync("planner2"));

        for (var i = 0; i < HubCalls; i++) await planner1.InvokeAsync("Subscribe", DemoApp.StrategyId, long.MaxValue);
        var refused = await Assert.ThrowsAsync<HubException>(() => planner1.InvokeAsync("Editing", DemoApp.StrategyId, null));
        var otherUser = await planner2.SubscribeAsync(DemoApp.StrategyId, long.MaxValue);

        Assert.Matches(@"HubException: rate-limited: too many hub calls in the last minute; retry after \d+ s\.$", refused.Message);
        Assert.Equal(HubConnectionState.Connected, planner1.State); // the connection stays open
        Assert.True(otherUser > 0);
        var metrics = await Node.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("planner_rate_limited_total{limit=\"hub\"} 1\n", metrics);
    }

    /// <summary>planner1's events (the demo app's own background work may append others meanwhile).</summary>
    private Task<long> PlannerEventsAsync() => app.ScalarAsync<long>("select count(*) from planner.mt_events where user_name = 'planner1'");

    private async Task<HttpStatusCode> TokenFromAsync(string address) => (HttpStatusCode)(await Node.Server.SendAsync(TokenRequest(address))).Response.StatusCode;

    private static Action<HttpContext> TokenRequest(string address) => http =>
    {
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/demo/token";
        http.Request.ContentType = "application/json";
        var body = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new DemoTokenRequest("planner1"), DemoApp.Json));
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        http.Features.Set<IHttpRequestBodyDetectionFeature>(new WithBody());
    };

    /// <summary>Tells the endpoint the hand-made request has a body (TestServer decides that from an HttpClient request only).</summary>
    private sealed class WithBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>What the app logs, captured from a node of the demo app that logs everything down to Trace.</summary>
public sealed class LogTests(DemoApp app) : IClassFixture<DemoApp>, IAsyncLifetime
{
    private static readonly string ThreatsUrl = $"/api/strategies/{DemoApp.StrategyId}/threats";

    private readonly CapturedLogs logs = new();
    private WebApplicationFactory<Program>? node;

    private WebApplicationFactory<Program> Node => node ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        node = app.Factory.WithWebHostBuilder(host => host
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        await node.Services.GetRequiredService<DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(1));
    }

    // A factory derived from a derived factory (the demo app's) is not disposed with its parent: each test disposes its node.
    public async Task DisposeAsync()
    {
        if (node is not null) await node.DisposeAsync();
    }

    [Fact]
    public async Task The_correlation_id_in_a_commands_event_metadata_is_in_the_scope_of_the_log_lines_of_its_request()
    {
        var planner1 = await app.ClientFor(Node, "planner1");

        var result = await (await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat("A logged threat"))))
            .ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);

        var correlationId = await app.ScalarAsync<string>(
            $"select correlation_id from planner.mt_events where stream_id = '{result.StreamId}' and version = {result.Version}");
        Assert.False(string.IsNullOrEmpty(correlationId));
        var ofRequest = logs.Lines.Where(line => line.Scopes.Any(s => s.Key == "CorrelationId" && Equals(s.Value, correlationId))).ToList();
        Assert.Contains(ofRequest, line => line.Message.Contains(nameof(Strategies.IdentifyThreatEndpoint), StringComparison.Ordinal));
        Assert.All(ofRequest, line => Assert.DoesNotContain(line.Scopes, s => s.Key == "CorrelationId" && !Equals(s.Value, correlationId)));
    }

    [Fact]
    public async Task The_access_token_a_hub_connection_sends_in_its_query_string_is_in_no_log_line()
    {
        var token = await app.TokenAsync("planner1");

        await using (var hub = await Node.HubAsync(token))
            await hub.SubscribeAsync(DemoApp.StrategyId, long.MaxValue);
        var refused = await Node.CreateClient().PostAsync($"/hubs/planning/negotiate?negotiateVersion=1&access_token={token}x", null);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(logs.Lines, line => line.AllText.Contains("/hubs/planning", StringComparison.Ordinal)); // the requests were logged
        var signature = token.Split('.')[^1];
        Assert.DoesNotContain(logs.Lines, line => line.AllText.Contains(signature, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_hub_call_is_one_information_line_naming_the_user_method_and_refusal_and_no_error()
    {
        var missing = Guid.NewGuid();
        await using (var hub = await Node.HubAsync(await app.TokenAsync("planner1")))
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync("Subscribe", missing, 0L));

        // Marten's own Debug lines show the SQL it ran with the id; the refusal is said once, by the hub.
        var line = Assert.Single(logs.Lines, line => line.AllText.Contains(missing.ToString(), StringComparison.Ordinal)
            && !line.Category.StartsWith("Marten", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith("Hub call Subscribe of planner1 on connection ", line.Message, StringComparison.Ordinal);
        Assert.Contains($"refused: not found: strategy {missing} does not exist.", line.Message, StringComparison.Ordinal);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
    }

    /// <summary>Good, tampered or garbage bearer tokens, in the Authorization header or a query string, or as the demo
    /// token endpoint's answer, are in no log line.</summary>
    [Fact]
    public async Task Bearer_tokens_good_tampered_or_garbage_in_headers_or_queries_are_in_no_log_line()
    {
        var issued = await (await Node.CreateClient().PostAsJsonAsync("/api/demo/token", new DemoTokenRequest("planner1"), DemoApp.Json))
            .Content.ReadFromJsonAsync<DemoTokenResponse>(DemoApp.Json);
        var token = issued!.AccessToken;
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";
        var garbage = "not-a-jwt-" + Guid.NewGuid().ToString("N");
        var secrets = new[] { parts[2], tampered.Split('.')[2], garbage };

        var answers = new List<HttpStatusCode>();
        foreach (var bearer in new[] { token, tampered, garbage })
        {
            var client = Node.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            answers.Add((await client.GetAsync("/api/me")).StatusCode);
            answers.Add((await client.SendRawAsync(HttpMethod.Post, $"/api/strategies/{DemoApp.StrategyId}/threats", "{\"assessment\":")).StatusCode);
            answers.Add((await client.PostAsync("/hubs/planning/negotiate?negotiateVersion=1", null)).StatusCode);
            answers.Add((await Node.CreateClient().GetAsync($"/api/me?access_token={Uri.EscapeDataString(bearer)}")).StatusCode);
        }

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.Unauthorized,
             .. Enumerable.Repeat(HttpStatusCode.Unauthorized, 8)],
            answers);
        Assert.Contains(logs.Lines, line => line.Category.Contains("JwtBearer", StringComparison.Ordinal)); // the refusals were logged
        Assert.Contains(logs.Lines, line => line.AllText.Contains("/api/me", StringComparison.Ordinal)); // so were the requests
        var leaks = logs.Lines.Where(line => secrets.Any(secret => line.AllText.Contains(secret, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"tokens in the logs:\n{string.Join("\n", leaks.Select(l => $"{l.Level} {l.Category}: {l.AllText}"))}");
    }
}

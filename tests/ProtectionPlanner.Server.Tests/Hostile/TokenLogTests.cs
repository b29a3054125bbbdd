using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Tests.Operations;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// Bearer tokens never reach the logs, whether good, tampered or garbage, in the Authorization header or a query string,
/// or as the demo token endpoint's answer, on a node logging everything down to Trace. (The hub's query-string token:
/// Operations/LogTests.)
/// </summary>
public sealed class TokenLogTests(DemoApp app) : IClassFixture<DemoApp>, IAsyncLifetime
{
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

    public Task DisposeAsync() => Task.CompletedTask; // the demo app disposes the node with itself

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

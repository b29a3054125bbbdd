using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;

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

    public Task DisposeAsync() => Task.CompletedTask; // the demo app disposes the node with itself

    [Fact]
    public async Task The_correlation_id_in_a_commands_event_metadata_is_in_the_scope_of_the_log_lines_of_its_request()
    {
        var planner1 = await app.ClientFor(Node, "planner1");

        var result = await (await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat("A logged threat"))))
            .ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);

        var correlationId = await app.ScalarAsync<string>(
            $"select metadata->>'correlationId' from eventstore.events where stream_id = '{result.StreamId}' and version = {result.Version}");
        Assert.False(string.IsNullOrEmpty(correlationId));
        var ofRequest = logs.Lines.Where(line => line.Scopes.Any(s => s.Key == "CorrelationId" && Equals(s.Value, correlationId))).ToList();
        Assert.Contains(ofRequest, line => line.Message.Contains("/threats", StringComparison.Ordinal));
        Assert.All(ofRequest, line => Assert.DoesNotContain(line.Scopes, s => s.Key == "CorrelationId" && !Equals(s.Value, correlationId)));
    }

    [Fact]
    public async Task The_access_token_a_hub_connection_sends_in_its_query_string_is_in_no_log_line()
    {
        var token = await app.TokenAsync("planner1");
        var server = Node.Server;

        var socket = await server.CreateWebSocketClient().ConnectAsync(HubClient.HubAddress(server.BaseAddress, token), CancellationToken.None);
        await using (var hub = await HubClient.StartAsync(socket))
            await hub.SubscribeAsync(DemoApp.StrategyId, long.MaxValue);
        var refused = await Node.CreateClient().PostAsync($"/hubs/planning/negotiate?negotiateVersion=1&access_token={token}x", null);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(logs.Lines, line => line.AllText.Contains("/hubs/planning", StringComparison.Ordinal)); // the requests were logged
        var signature = token.Split('.')[^1];
        Assert.DoesNotContain(logs.Lines, line => line.AllText.Contains(signature, StringComparison.Ordinal));
    }
}

using System.Net;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>What Marten records with every event: who, in what role, why, and which request and command caused it.</summary>
public sealed class EventMetadataTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task Every_event_of_a_command_carries_its_actor_role_reason_correlation_causation_and_command_id()
    {
        var planner = await app.ClientFor("planner1");
        var key = Guid.NewGuid().ToString();
        var response = await planner.SendAsync(HttpMethod.Post, $"/api/strategies/{DemoApp.StrategyId}/threats?reason=new%20JMAC%20report",
            new ThreatRequest(Sample.Threat("Raids on the cattle camps")), idempotencyKey: key);
        var result = await response.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);

        var stored = await app.ScalarAsync<string>($"""
            select concat_ws('|', user_name, headers->>'role', headers->>'reason', correlation_id is not null, causation_id,
                              headers->>'commandId', headers->>'hash' is not null)
            from planner.mt_events where stream_id = '{result.StreamId}' and version = {result.Version}
            """);
        Assert.Equal($"planner1|Planner|new JMAC report|t|planner1:{key}|planner1:{key}|t", stored);
    }

    [Fact]
    public async Task Every_event_the_demo_seeded_names_its_user_role_reason_and_command()
    {
        var missing = await app.ScalarAsync<long>("""
            select count(*) from planner.mt_events
            where user_name is null or headers->>'role' is null or headers->>'reason' is null or headers->>'commandId' is null
               or correlation_id is null or causation_id is null
            """);

        Assert.Equal(0L, missing);
        Assert.True(await app.EventCountAsync() >= DemoData.Missions.Sum(m => m.Steps.Count));
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>One event the views cannot be made of never stops the views of other streams; it is shown.</summary>
public sealed class PoisonIsolationTests(ReadModelStore store) : IClassFixture<ReadModelStore>
{
    [Fact]
    public async Task An_event_the_views_fail_on_is_a_dead_letter_in_health_and_other_strategies_views_go_on()
    {
        var (_, poisoned, _) = await store.PlanningAsync("UNPSN");
        var (_, healthy, _) = await store.PlanningAsync("UNHLT");
        await store.ViewAtAsync(poisoned, 1);

        // A threat without its assessment, as no command decides: the plan view cannot be made with it.
        await store.AppendAsync<Strategy>(poisoned, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", null!));
        var poison = await store.ScalarAsync<long>(
            $"select max(seq_id) from planner.mt_events where stream_id = '{poisoned}'");
        await store.AppendAsync<Strategy>(healthy, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", Sample.Threat("Shown after the bad event")));
        var later = await store.AppendAsync<Strategy>(healthy, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T2", Sample.Threat("And after that")));
        await store.ViewAtAsync(healthy, later);

        var view = (await store.ViewAsync(healthy))!.Value.View.ToJson();
        Assert.Contains("Shown after the bad event", view);
        Assert.Contains("And after that", view);
        Assert.Equal(1, (await store.ViewAsync(poisoned))!.Value.StreamVersion);
        await store.UntilAsync($"""
            select exists (select 1 from planner.mt_doc_deadletterevent
                           where (data->>'eventSequence')::bigint = {poison})
            """, "recorded as a dead letter");

        var health = await new ProjectionsCheck(store.Store, store.DataSource, new ConfigurationBuilder().Build())
            .CheckHealthAsync(new HealthCheckContext());

        Assert.True(health.Status == HealthStatus.Degraded, $"{health.Status}: {health.Description}");
        Assert.Contains($"planning_views 1 dead letter, the last at event {poison} (NullReferenceException)",
            health.Description);
        Assert.StartsWith("caught up; 1 dead letter", (string)health.Data["planning_views"]);
    }
}

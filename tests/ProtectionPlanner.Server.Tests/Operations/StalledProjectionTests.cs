using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>The app on a database of its own, calling a projection stalled after one second behind the feed.</summary>
public sealed class QuicklyStalledApp : TestDatabase
{
    private WebApplicationFactory<Program>? factory;

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not initialised.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("Planner:Database", ConnectionString)
            .UseSetting("Planner:Health:ProjectionStallSeconds", "1"));
    }

    public override async Task DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class StalledProjectionTests(QuicklyStalledApp app) : IClassFixture<QuicklyStalledApp>
{
    [Fact]
    public async Task A_projection_behind_the_feed_for_longer_than_the_threshold_makes_readiness_503_until_it_catches_up()
    {
        var client = app.Factory.CreateClient();
        await UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready");
        // Marten records a projection's progress at its first batch: a first event gives it one.
        var store = app.Factory.Services.GetRequiredService<IDocumentStore>();
        await RegisterMissionAsync(store);
        await UntilAsync(() => app.ScalarAsync<bool>(
            "select exists (select 1 from planner.mt_event_progression where name = 'planning_views:All' and last_seq_id > 0)"), "registered");

        // A stuck transaction holding the projection's progress row: its next batch waits for the lock.
        await using var holder = await app.DataSource.OpenConnectionAsync();
        await using var stuck = await holder.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand(
            "select 1 from planner.mt_event_progression where name = 'planning_views:All' for update", holder, stuck))
            await hold.ExecuteNonQueryAsync();
        await RegisterMissionAsync(store);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var stalled = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        using (var body = JsonDocument.Parse(await stalled.Content.ReadAsStringAsync()))
        {
            var projections = body.RootElement.GetProperty("checks").GetProperty("projections");
            Assert.Equal("Unhealthy", projections.GetProperty("status").GetString());
            Assert.Contains("planning_views stalled: 1 events behind", projections.GetProperty("description").GetString());
            Assert.StartsWith("stalled", projections.GetProperty("data").GetProperty("planning_views").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }

        await stuck.RollbackAsync();
        await UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready again once caught up");
    }

    private static Task<long> RegisterMissionAsync(IDocumentStore store)
    {
        var missionId = Guid.NewGuid();
        return store.AppendAsync<Mission>(missionId, "tester", nameof(Domain.Common.Role.Administrator), null,
            new MissionRegistered(missionId, "Probe", "UNPRB", MissionKind.Pko, "Arandu", Sample.Mandate()));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Not {what} within 15 s.");
    }
}

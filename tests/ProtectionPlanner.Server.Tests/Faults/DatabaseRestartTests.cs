using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Faults;

/// <summary>
/// PostgreSQL restarted under command load, on a cluster of the test's own and a real server process: nothing
/// acknowledged is lost, the outage is answered with 503 and Retry-After within a bound, and the server and its
/// SignalR clients recover by themselves.
/// </summary>
public sealed class DatabaseRestartTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_acknowledged_command_survives_a_database_restart_under_load_and_the_outage_is_answered_with_503_and_Retry_After()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var node = await ServerProcess.StartAsync(cluster.ConnectionString, name: "fault-node");
        await node.ServesAsync("planner1", $"/api/strategies/{DemoApp.StrategyId}/view");
        await using var hub = await node.HubForAsync("planner1");
        long from;
        using (var reader = await node.ClientForAsync("planner1")) from = await hub.SubscribeFromViewAsync(reader, DemoApp.StrategyId);

        var outcomes = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Took, Guid? Threat, bool RetryAfter)>();
        using var load = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            using var planner = await node.ClientForAsync(i % 2 == 0 ? "planner1" : "planner2");
            planner.Timeout = Bound + TimeSpan.FromSeconds(15);
            var n = 0;
            while (!load.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                HttpResponseMessage response;
                try
                {
                    response = await planner.SendAsync(HttpMethod.Post, $"/api/strategies/{DemoApp.StrategyId}/threats",
                        new { assessment = Sample.Threat($"Restart load {i}-{n++}") });
                }
                catch (TaskCanceledException)
                {
                    outcomes.Add((HttpStatusCode.RequestTimeout, clock.Elapsed, null, false));
                    continue;
                }
                Guid? threat = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item").GetProperty("id").GetGuid()
                    : null;
                outcomes.Add((response.StatusCode, clock.Elapsed, threat, response.Headers.RetryAfter is not null));
                await Task.Delay(response.IsSuccessStatusCode ? 50 : 100); // a steady load, not a flood: planners, not a benchmark
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = outcomes.Count(o => o.Threat is not null);
        await cluster.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await cluster.StartAgainAsync();
        await WaitAsync(() => outcomes.Count(o => o.Threat is not null) > before + 20, "commands to succeed again after the restart");
        load.Cancel();
        await Task.WhenAll(writers);

        var all = outcomes.ToList();
        Assert.Contains(all, o => o.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(all, o => Assert.True(o.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable,
            $"a command was answered {(int)o.Status} after {o.Took.TotalSeconds:0.0} s"));
        Assert.All(all.Where(o => o.Status == HttpStatusCode.ServiceUnavailable), o => Assert.True(o.RetryAfter, "a 503 without Retry-After"));
        Assert.All(all, o => Assert.True(o.Took < Bound, $"a command took {o.Took.TotalSeconds:0.0} s"));

        // Every command acknowledged with a 2xx is in the store.
        var acknowledged = all.Where(o => o.Threat is not null).Select(o => o.Threat!.Value).ToList();
        await using var store = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var query = store.CreateCommand(
            "select count(distinct data ->> 'threatId') from planner.mt_events where type = 'threat_identified' and (data ->> 'threatId') = any(@ids)");
        query.Parameters.AddWithValue("ids", acknowledged.Select(id => id.ToString()).ToArray());
        Assert.Equal(acknowledged.Count, Convert.ToInt32(await query.ExecuteScalarAsync()));

        // The hub connection recovered by itself: every change since it subscribed, in order, none missing.
        await using var version = store.CreateCommand("select max(view_version) from planner.strategy_changes where strategy_id = @id");
        version.Parameters.AddWithValue("id", DemoApp.StrategyId);
        var last = 0L;
        await WaitAsync(async () => (last = Convert.ToInt64(await version.ExecuteScalarAsync())) > from && acknowledged.Count > 0, "the views to catch up");
        var changes = new List<JsonElement>();
        while (changes.Count == 0 || LiveApi.ViewVersion(changes[^1]) < last) changes.Add(await hub.NextAsync("change", Bound));
        LiveApi.AssertConsecutive(from, changes);
    }

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"Waited 60 s for {what}.");
            await Task.Delay(200);
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.MultiNode;

/// <summary>
/// Two real server processes on one database, no backplane: changes cross nodes through PostgreSQL, one node runs the
/// projections, and when it is killed (SIGKILL) the other takes over without losing or repeating a change.
/// </summary>
public sealed partial class MultiNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static readonly Guid StrategyId = DemoApp.StrategyId;
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_command_on_one_node_reaches_the_subscribers_on_both_nodes()
    {
        await nodes.BothRunningAsync();
        using var reader = await nodes.B.ClientForAsync("planner1");
        await using var onB = await nodes.B.HubForAsync("planner1");
        await using var onA = await nodes.A.HubForAsync("hq1");
        var from = await onB.SubscribeFromViewAsync(reader, StrategyId);
        Assert.Equal(from, await onA.SubscribeAsync(StrategyId, from));

        using var plannerOnA = await nodes.A.ClientForAsync("planner2");
        var threat = await plannerOnA.IdentifyThreatAsync(StrategyId, Sample.Threat("Identified through node A"));
        var atB = await onB.NextAsync("change", Bound);
        var atA = await onA.NextAsync("change", Bound);
        using var plannerOnB = await nodes.B.ClientForAsync("planner1");
        var reassessed = await plannerOnB.ReassessThreatAsync(StrategyId, threat, "Reassessed through node B");
        var backAtA = await onA.NextAsync("change", Bound);

        foreach (var change in new[] { atA, atB })
        {
            Assert.Equal((from + 1, threat.Stamp.Version, "planner2"), (ViewVersion(change), StreamVersion(change), change.GetProperty("actor").GetString()));
            Assert.Equal(threat.Id.ToString(), Items(change, "threat").Single().GetProperty("id").GetString());
        }
        Assert.Equal((from + 2, reassessed.Stamp.Version, "planner1"), (ViewVersion(backAtA), StreamVersion(backAtA), backAtA.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task The_view_read_on_the_other_node_at_the_version_a_command_answered_shows_the_change()
    {
        await nodes.BothRunningAsync();
        using var plannerOnA = await nodes.A.ClientForAsync("planner1");
        using var plannerOnB = await nodes.B.ClientForAsync("planner1");

        var threat = await plannerOnA.IdentifyThreatAsync(StrategyId, Sample.Threat("Written on A, read on B"));
        var view = await plannerOnB.ViewAsync(StrategyId, minVersion: threat.Stamp.Version);

        Assert.Contains(view.GetProperty("threats").EnumerateArray(), t => t.GetProperty("id").GetGuid() == threat.Id);
    }

    [Fact]
    public async Task Subscribers_on_different_nodes_see_each_other_in_the_presence_until_one_leaves()
    {
        await nodes.BothRunningAsync();
        await using var onA = await nodes.A.HubForAsync("planner1");
        var onB = await nodes.B.HubForAsync("planner2");
        await onA.SubscribeAsync(StrategyId, long.MaxValue);

        await onB.SubscribeAsync(StrategyId, long.MaxValue);
        await onA.NextAsync("presence", p => Viewers(p).SetEquals(["planner1", "planner2"]), Bound);
        await onB.NextAsync("presence", p => Viewers(p).SetEquals(["planner1", "planner2"]), Bound);
        await onB.DisposeAsync();

        await onA.NextAsync("presence", p => Viewers(p).SetEquals(["planner1"]), Bound);
    }

    [Fact]
    public async Task Each_projection_runs_on_one_node_while_both_nodes_take_commands()
    {
        await nodes.BothRunningAsync();
        using var plannerOnA = await nodes.A.ClientForAsync("planner1");
        using var plannerOnB = await nodes.B.ClientForAsync("planner2");
        var before = (await plannerOnA.ViewAsync(StrategyId)).GetProperty("viewVersion").GetInt64();
        var owners = new Dictionary<long, HashSet<string>>();

        var versions = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            versions.Add((await (i % 2 == 0 ? plannerOnA : plannerOnB).IdentifyThreatAsync(StrategyId, Sample.Threat($"Threat {i} through node {(i % 2 == 0 ? "A" : "B")}"))).Stamp.Version);
            foreach (var (key, owner) in await nodes.DaemonLocksAsync())
                (owners.TryGetValue(key, out var seen) ? seen : owners[key] = []).Add(owner);
        }
        var view = await plannerOnB.ViewAsync(StrategyId, minVersion: versions[^1]);

        Assert.NotEmpty(owners);
        foreach (var (key, seen) in owners)
        {
            var owner = Assert.Single(seen);
            Assert.True(owner == nodes.A.ConnectionName || owner == nodes.B.ConnectionName,
                $"The projection locked as {key} is run by {owner}, neither node A nor B.");
        }
        // Each command made one view change: none was applied twice, by two runners.
        Assert.Equal(before + versions.Count, view.GetProperty("viewVersion").GetInt64());
        Assert.Equal(versions[^1], view.GetProperty("streamVersion").GetInt64());
    }

    [Fact]
    public async Task When_the_node_running_the_projections_is_killed_under_commands_the_other_takes_over_and_its_subscriber_gets_every_change_once()
    {
        await nodes.BothRunningAsync();
        var runner = await nodes.ProjectionRunnerAsync();
        var survivor = nodes.Other(runner);
        using var reader = await survivor.ClientForAsync("planner1");
        await using var hub = await survivor.HubForAsync("planner1");
        var from = await hub.SubscribeFromViewAsync(reader, StrategyId);
        await using var commands = await CommandStreams.StartAsync(survivor);

        var beforeKill = await hub.ChangesUntilAsync(await commands.AcknowledgedAsync(10), Bound);
        await runner.KillAsync();
        var lastBeforeKill = commands.Last;
        var afterTakeOver = await hub.ChangesUntilAsync(await commands.AcknowledgedAsync(commands.Count + 10), TakeOver);
        var acknowledged = await commands.StopAsync();
        var rest = await hub.ChangesUntilAsync(acknowledged[^1], TakeOver);

        var changes = beforeKill.Concat(afterTakeOver).Concat(rest).ToList();
        AssertConsecutive(from, changes);
        Assert.Equal(acknowledged, changes.Select(StreamVersion));
        Assert.True(acknowledged.Count(v => v > lastBeforeKill) >= 10, "Commands went on after the kill.");
        Assert.Equal(survivor, await nodes.ProjectionRunnerAsync());
        await nodes.BothRunningAsync();
    }

    [Fact]
    public async Task A_client_of_a_killed_node_resumes_on_the_other_from_its_last_view_version_without_missing_or_repeating_a_change()
    {
        await nodes.BothRunningAsync();
        // Kill the node that does not run the projections: the changes go on, only the client's node is gone.
        var runner = await nodes.ProjectionRunnerAsync();
        var doomed = nodes.Other(runner);
        using var reader = await doomed.ClientForAsync("planner2");
        var client = await doomed.HubForAsync("planner2");
        var from = await client.SubscribeFromViewAsync(reader, StrategyId);
        await using var commands = await CommandStreams.StartAsync(runner);

        var received = await client.ChangesUntilAsync(await commands.AcknowledgedAsync(10), Bound);
        await doomed.KillAsync();
        await client.WhenClosed().WaitAsync(Bound);
        received.AddRange(client.Drain("change"));
        await client.DisposeAsync();
        await using var resumed = await runner.HubForAsync("planner2");
        var lastSeen = ViewVersion(received[^1]);
        await resumed.SubscribeAsync(StrategyId, lastSeen);
        var acknowledged = await commands.StopAsync(atLeast: commands.Count + 10);
        var rest = await resumed.ChangesUntilAsync(acknowledged[^1], Bound);

        AssertConsecutive(from, received);
        AssertConsecutive(lastSeen, rest);
        Assert.Equal(acknowledged, received.Concat(rest).Select(StreamVersion));
        await nodes.BothRunningAsync();
    }

    private static HashSet<string> Viewers(JsonElement presence) =>
        presence.GetProperty("viewers").EnumerateArray().Select(v => v.GetProperty("user").GetString()!).ToHashSet();

    /// <summary>
    /// Two planners reassessing a threat each, through one node, one command after another, until stopped; the stream
    /// versions their commands were acknowledged at.
    /// </summary>
    private sealed class CommandStreams : IAsyncDisposable
    {
        private readonly ConcurrentBag<long> acknowledged = [];
        private readonly CancellationTokenSource stop = new();
        private readonly List<HttpClient> clients = [];
        private Task running = Task.CompletedTask;
        private TaskCompletionSource progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => acknowledged.Count;

        public long Last => acknowledged.IsEmpty ? 0 : acknowledged.Max();

        public static async Task<CommandStreams> StartAsync(ServerProcess node)
        {
            var streams = new CommandStreams();
            var planners = new[] { await node.ClientForAsync("planner1"), await node.ClientForAsync("planner2") };
            streams.clients.AddRange(planners);
            var threats = new List<Threat>();
            foreach (var planner in planners) threats.Add(await planner.IdentifyThreatAsync(StrategyId, Sample.Threat($"Reassessed in command stream {threats.Count + 1}")));
            foreach (var threat in threats) streams.acknowledged.Add(threat.Stamp.Version);
            streams.running = Task.WhenAll(planners.Zip(threats, streams.ReassessAsync));
            return streams;
        }

        /// <summary>Waits until <paramref name="count"/> commands are acknowledged; returns the highest stream version so far.</summary>
        public async Task<long> AcknowledgedAsync(int count)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (acknowledged.Count < count)
            {
                if (running.IsFaulted) await running;
                var next = progress.Task;
                if (acknowledged.Count >= count) break;
                if (clock.Elapsed > Bound) throw new TimeoutException($"Only {acknowledged.Count} of {count} commands acknowledged within {Bound}.");
                await Task.WhenAny(next, Task.Delay(Bound));
            }
            return Last;
        }

        /// <summary>Stops after at least <paramref name="atLeast"/> commands; returns every acknowledged version, in order.</summary>
        public async Task<List<long>> StopAsync(int atLeast = 0)
        {
            await AcknowledgedAsync(atLeast);
            await stop.CancelAsync();
            await running;
            return [.. acknowledged.Order()];
        }

        private async Task ReassessAsync(HttpClient planner, Threat threat)
        {
            for (var round = 1; !stop.IsCancellationRequested; round++)
            {
                threat = await planner.ReassessThreatAsync(StrategyId, threat, $"Reassessment {round}");
                acknowledged.Add(threat.Stamp.Version);
                Interlocked.Exchange(ref progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var client in clients) client.Dispose();
            stop.Dispose();
        }
    }
}

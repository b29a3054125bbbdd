using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// The load and soak harness: two server processes on one database with the demo data, driven for a set time by a
/// realistic mix: planners editing the strategy, HQ reviewers reading history and time travel, a table-top exercise
/// with 30 players answering released injects, and 500 live viewers of the strategy. It reports throughput and latency
/// per operation, push latency, errors, the servers' memory over time, and how long the projections take to catch up
/// once the load stops.
/// </summary>
public sealed class LoadHarness(string connectionString, TimeSpan length)
{
    public const int Viewers = 500;
    public const int Players = 30;
    public const int Planners = 4;
    public const int Reviewers = 2;

    private static readonly Guid MissionId = DemoData.Missions[0].MissionId;
    private static readonly Guid StrategyId = Ids.StrategyOf(MissionId);
    private static readonly string[] ViewerNames = ["planner1", "planner2", "reviewer1", "hom1", "hq1", "observer1", "controller1"];

    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> latencies = new();
    private readonly ConcurrentDictionary<string, int> errors = new();
    private readonly ConcurrentDictionary<long, long> sentAt = new(); // stream version -> when the edit that made it was sent
    private readonly ConcurrentBag<double> pushLatencies = [];
    private readonly List<(double Minute, double NodeA, double NodeB)> memory = [];
    private int pushes;
    private int gaps;

    public async Task<Dictionary<string, double>> RunAsync()
    {
        await using var nodeA = await Servers.StartAsync(connectionString, "load-a", Tuned);
        await using var nodeB = await Servers.StartAsync(connectionString, "load-b", Tuned);
        ServerProcess[] nodes = [nodeA, nodeB];
        var exerciseId = await SetUpAsync(nodeA);
        var viewers = await ViewersAsync(nodes);
        var players = await PlayersAsync(nodes, exerciseId);
        Console.Error.WriteLine($"load: {Viewers} viewers, {Players} players, {Planners} planners, {Reviewers} reviewers for {length.TotalMinutes:0.#} min");

        using var stop = new CancellationTokenSource(length);
        var clock = Stopwatch.StartNew();
        var work = new List<Task>();
        for (var i = 0; i < Planners; i++) work.Add(PlannerAsync(nodes[i % 2], i, stop.Token));
        for (var i = 0; i < Reviewers; i++) work.Add(ReviewerAsync(nodes[i % 2], stop.Token));
        for (var i = 0; i < Players; i++) work.Add(PlayerAsync(nodes[i % 2], players[i], exerciseId, stop.Token));
        work.Add(SampleMemoryAsync(nodes, clock, stop.Token));
        await Task.WhenAll(work);
        var loaded = clock.Elapsed;

        var drain = await ProjectionsCaughtUpAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last pushes
        SampleMemory(nodes, clock);
        foreach (var viewer in viewers) await viewer.DisposeAsync();

        var results = new Dictionary<string, double>
        {
            ["load_minutes"] = loaded.TotalMinutes,
            ["load_errors"] = errors.Values.Sum(),
            ["load_push_gaps"] = gaps,
            ["load_pushes_received"] = pushes,
            ["load_projection_drain_seconds"] = drain.TotalSeconds,
        };
        foreach (var (operation, values) in latencies.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var sorted = values.Order().ToArray();
            results[$"load_{operation}_per_second"] = sorted.Length / loaded.TotalSeconds;
            results[$"load_{operation}_p50_ms"] = Measure.Percentile(sorted, 0.50);
            results[$"load_{operation}_p95_ms"] = Measure.Percentile(sorted, 0.95);
            results[$"load_{operation}_p99_ms"] = Measure.Percentile(sorted, 0.99);
        }
        var push = pushLatencies.Order().ToArray();
        results["load_push_p50_ms"] = Measure.Percentile(push, 0.50);
        results["load_push_p99_ms"] = Measure.Percentile(push, 0.99);
        var warm = memory.FirstOrDefault(m => m.Minute >= 1);
        var last = memory[^1];
        results["load_memory_mb_after_warmup"] = Math.Max(warm.NodeA, warm.NodeB);
        results["load_memory_mb_end"] = Math.Max(last.NodeA, last.NodeB);
        results["load_memory_mb_max"] = memory.Max(m => Math.Max(m.NodeA, m.NodeB));
        results["load_memory_growth_mb"] = Math.Max(last.NodeA - warm.NodeA, last.NodeB - warm.NodeB);
        foreach (var (operation, count) in errors) Console.Error.WriteLine($"load: {count} errors in {operation}");
        Console.Error.WriteLine("load: memory (minute, node A MB, node B MB): " +
            string.Join("; ", memory.Select(m => $"{m.Minute:0.0} {m.NodeA:0} {m.NodeB:0}")));
        return results;
    }

    private static readonly Dictionary<string, string> Tuned = new() { ["DOTNET_gcServer"] = "0" }; // two nodes share two cores

    /// <summary>The demo mission's players (minted tokens, as an identity provider would issue them) and an exercise
    /// that releases an inject every 20 s of the run.</summary>
    private async Task<Guid> SetUpAsync(ServerProcess node)
    {
        using var controller = await node.ClientForAsync("controller1");
        var clock = Stopwatch.StartNew();
        while ((await controller.GetStringAsync($"/api/missions/{MissionId}/exercises")).Length < 10)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("The demo data was not seeded.");
            await Task.Delay(500);
        }
        using var admin = await node.ClientForAsync("admin1");
        var mission = await admin.GetFromJsonAsync<JsonElement>($"/api/missions/{MissionId}", Servers.Json);
        var components = mission.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        for (var i = 0; i < Players; i++)
            Check(await admin.PutAsJsonAsync($"/api/missions/{MissionId}/members/{PlayerName(i)}",
                new { role = "Player", componentId = components[i % 4] }, Servers.Json));

        var created = await Json(await controller.PostAsJsonAsync("/api/exercises", new { strategyId = StrategyId, name = "Load exercise" }, Servers.Json));
        var exerciseId = created.GetProperty("streamId").GetGuid();
        for (var i = 0; i < Players; i++)
            Check(await controller.PostAsJsonAsync($"/api/exercises/{exerciseId}/participants", new { userName = PlayerName(i), role = "Player" }, Servers.Json));
        var injects = (int)(length.TotalSeconds / 20) + 1;
        for (var i = 0; i < injects; i++)
            Check(await controller.PostAsJsonAsync($"/api/exercises/{exerciseId}/injects", new
            {
                details = new
                {
                    scenarioTime = TimeSpan.FromSeconds(5 + 20 * i).ToString("c", CultureInfo.InvariantCulture),
                    synopsis = $"Load inject {i + 1}: armed youth reported near the market", delivery = "SituationReport",
                    targetComponentIds = Array.Empty<Guid>(), expectedAction = "Reassess and respond", objectiveId = (Guid?)null,
                    threatId = (Guid?)null, contingency = false,
                },
            }, Servers.Json));
        Check(await controller.PostAsJsonAsync($"/api/exercises/{exerciseId}/clock/start", new { speed = 1 }, Servers.Json));
        return exerciseId;
    }

    private static string PlayerName(int i) => $"loadplayer{i + 1:00}";

    private async Task<List<HubConnection>> ViewersAsync(ServerProcess[] nodes)
    {
        long from;
        using (var reader = await nodes[0].ClientForAsync("hq1"))
            from = (await reader.GetFromJsonAsync<JsonElement>($"/api/strategies/{StrategyId}/view", Servers.Json)).GetProperty("viewVersion").GetInt64();
        var viewers = new HubConnection[Viewers];
        using var gate = new SemaphoreSlim(20);
        await Task.WhenAll(Enumerable.Range(0, Viewers).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var hub = await nodes[i % 2].HubConnectionAsync(ViewerNames[i % ViewerNames.Length]);
                var last = from;
                var measures = i % 50 == 0; // ten viewers, spread over both nodes, time every change
                hub.On<JsonElement>("presence", static _ => { });
                hub.On<JsonElement>("change", change =>
                {
                    var arrived = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref pushes);
                    var version = change.GetProperty("viewVersion").GetInt64();
                    if (version != last + 1) Interlocked.Increment(ref gaps);
                    last = version;
                    if (measures && sentAt.TryGetValue(change.GetProperty("streamVersion").GetInt64(), out var sent))
                        pushLatencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                });
                await hub.StartAsync();
                await hub.InvokeAsync("Subscribe", StrategyId, from);
                viewers[i] = hub;
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. viewers];
    }

    private static async Task<List<HttpClient>> PlayersAsync(ServerProcess[] nodes, Guid exerciseId)
    {
        var tokens = new DemoTokens(Options.Create(new DemoOptions { Enabled = true, SigningKey = ServerProcess.SigningKey }),
            Options.Create(new AuthOptions()), TimeProvider.System, NullLogger<DemoTokens>.Instance);
        var players = new List<HttpClient>();
        for (var i = 0; i < Players; i++)
        {
            var token = tokens.Issue(PlayerName(i), []);
            var client = new HttpClient { BaseAddress = nodes[i % 2].Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            players.Add(client);
            // Each player also watches the exercise board live, as the player view does.
            var hub = HubConnections.ToPlanningHub(nodes[i % 2].Address, token);
            hub.On<JsonElement>("exerciseChange", static _ => { });
            await hub.StartAsync();
            await hub.InvokeAsync("SubscribeExercise", exerciseId);
        }
        return players;
    }

    /// <summary>A planner identifies a threat, then reassesses it about once a second.</summary>
    private async Task PlannerAsync(ServerProcess node, int index, CancellationToken stop)
    {
        using var planner = await node.ClientForAsync(index % 2 == 0 ? "planner1" : "planner2");
        var threat = await Json(await planner.PostAsJsonAsync($"/api/strategies/{StrategyId}/threats",
            new { assessment = Assessment($"Load threat {index}", 3) }, Servers.Json));
        var (id, version) = (threat.GetProperty("item").GetProperty("id").GetGuid(), threat.GetProperty("version").GetInt64());
        var likelihood = 3;
        while (!stop.IsCancellationRequested)
        {
            likelihood = likelihood % 5 + 1;
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{id}")
            {
                Content = JsonContent.Create(new { assessment = Assessment($"Load threat {index}", likelihood) }, options: Servers.Json),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
            var sent = Stopwatch.GetTimestamp();
            var response = await TimedAsync("plan_edit", () => planner.SendAsync(request));
            if (response is { IsSuccessStatusCode: true })
            {
                version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
                sentAt[version] = sent;
            }
            await Pause(1000, stop);
        }
    }

    /// <summary>An HQ reviewer reads a page of the history, then the plan as it stood at an earlier version.</summary>
    private async Task ReviewerAsync(ServerProcess node, CancellationToken stop)
    {
        using var reviewer = await node.ClientForAsync("hq1");
        while (!stop.IsCancellationRequested)
        {
            await TimedAsync("history_page", () => reviewer.GetAsync($"/api/strategies/{StrategyId}/history?limit=50"));
            await TimedAsync("as_of", () => reviewer.GetAsync($"/api/strategies/{StrategyId}/as-of?version={Random.Shared.Next(1, 100)}"));
            await Pause(1000, stop);
        }
    }

    /// <summary>A player reads the board every 10 s and answers the newest inject released to them: a response, or a
    /// capacity request.</summary>
    private async Task PlayerAsync(ServerProcess node, HttpClient player, Guid exerciseId, CancellationToken stop)
    {
        var answered = new HashSet<Guid>();
        await Pause(Random.Shared.Next(10_000), stop);
        while (!stop.IsCancellationRequested)
        {
            var response = await TimedAsync("exercise_board", () => player.GetAsync($"/api/exercises/{exerciseId}"));
            if (response is { IsSuccessStatusCode: true })
            {
                var board = await response.Content.ReadFromJsonAsync<JsonElement>();
                var component = board.GetProperty("you").GetProperty("componentId").GetGuid();
                var released = board.GetProperty("injects").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Where(answered.Add).LastOrDefault();
                if (released != Guid.Empty)
                    await (answered.Count % 2 == 0
                        ? TimedAsync("exercise_response", () => player.PostAsJsonAsync($"/api/exercises/{exerciseId}/responses",
                            new { injectId = released, text = "Patrol dispatched; community liaison assistants informed." }, Servers.Json))
                        : TimedAsync("exercise_decision", () => player.PostAsJsonAsync($"/api/exercises/{exerciseId}/decisions/request-capacity",
                            new { injectId = released, rationale = "Reinforce the market", componentId = component, commitment = new { personnel = 10, assets = Array.Empty<object>() } },
                            Servers.Json)));
            }
            await Pause(10_000, stop);
        }
    }

    private async Task<HttpResponseMessage?> TimedAsync(string operation, Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await send();
            latencies.GetOrAdd(operation, _ => []).Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                errors.AddOrUpdate(operation, 1, (_, n) => n + 1);
                Console.Error.WriteLine($"load: {operation} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            return response;
        }
        catch (HttpRequestException e)
        {
            errors.AddOrUpdate(operation, 1, (_, n) => n + 1);
            Console.Error.WriteLine($"load: {operation} failed: {e.Message}");
            return null;
        }
    }

    private async Task SampleMemoryAsync(ServerProcess[] nodes, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            SampleMemory(nodes, clock);
            await Pause(10_000, stop);
        }
    }

    private void SampleMemory(ServerProcess[] nodes, Stopwatch clock) =>
        memory.Add((clock.Elapsed.TotalMinutes, ResidentMegabytes(nodes[0].ProcessId), ResidentMegabytes(nodes[1].ProcessId)));

    private static double ResidentMegabytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>How long after the load the projections take to reach the end of the feed.</summary>
    private async Task<TimeSpan> ProjectionsCaughtUpAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // Marten's daemon: each projection shard's progress ("name:All"; not the high-water rows) against the last
        // event appended.
        await using var behind = dataSource.CreateCommand($"""
            select count(*) from {MartenSetup.Schema}.mt_event_progression
            where name like '%:%'
              and last_seq_id < (select coalesce(max(seq_id), 0) from {MartenSetup.Schema}.mt_events)
            """);
        var clock = Stopwatch.StartNew();
        while (Convert.ToInt64(await behind.ExecuteScalarAsync()) > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("The projections did not catch up within 5 minutes of the load.");
            await Task.Delay(100);
        }
        return clock.Elapsed;
    }

    private static object Assessment(string title, int likelihood) => new
    {
        title, description = "Load harness threat", category = "ArmedGroupAttack",
        perpetrator = new { name = "Armed group (load)", intent = (string?)null, capability = (string?)null },
        civiliansAtRisk = new { group = "Traders", sexAndAge = (string?)null, displacement = "NotDisplaced" },
        location = "Bentiu market", areaId = (Guid?)null, timeWindow = (string?)null, likelihood, impact = 4, trend = "Stable",
        hostStateCapacity = "Limited", hostStateWillingness = "Willing", otherProtectionActors = Array.Empty<string>(), priority = "High",
        reviewDate = (string?)null, source = (string?)null, confidence = "Medium",
    };

    private static async Task Pause(int milliseconds, CancellationToken stop) =>
        await Task.Delay(milliseconds, stop).ContinueWith(_ => { }, TaskScheduler.Default);

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Check(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void Check(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
    }
}

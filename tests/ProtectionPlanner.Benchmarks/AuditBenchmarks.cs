using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// Time travel, diffs and history on a long-lived strategy. One server process; one strategy seeded over HTTP with
/// 10,000 events (<c>BENCH_AUDIT_EVENTS</c>) by 8 concurrent planner clients (planner1 and planner2, four each, every
/// client on its own items): about 150 threats identified, 150 activities planned answering them, a lead assigned to
/// each, then threats reassessed (some with a reason), activities revised and leads' commitments changed or leads
/// replaced until the strategy's stream reaches exactly 10,000. Once the read side has caught up, an HQ reviewer (hq1)
/// reads, one request at a time, after a brief warm-up: the plan as of random versions and moments, diffs between
/// random versions (and across the whole stream), the plan as of random versions again (the server then holds in
/// memory the states the commands stored every 200 versions), and history pages (first pages, the whole cursor chain,
/// pages
/// filtered by actor, kind and item). Latency is the client's: from sending to having read the whole response; the
/// server process's CPU time per request is reported too, as the machine's load moves latencies a lot.
/// Goals (docs/performance.md), not asserted: <c>asof_p95_ms</c> &lt;= 50, <c>diff_p95_ms</c> &lt;= 100.
/// </summary>
public sealed class AuditBenchmarks(string connectionString)
{
    private static readonly long Events = Knob("BENCH_AUDIT_EVENTS", 10_000);
    private static readonly int Requests = (int)Knob("BENCH_AUDIT_REQUESTS", 200);
    private const int Clients = 8;
    private const int Threats = 150;
    private const int Activities = 150;
    private static readonly string[] Planners = ["planner1", "planner2"];

    /// <summary>The strategy's highest stream version any response reported.</summary>
    private long latest;

    /// <summary>Client-side moments during seeding with the version reached by then, for <c>?at=</c>.</summary>
    private readonly List<(DateTimeOffset At, long Version)> moments = [];

    public async Task<Dictionary<string, double>> RunAsync()
    {
        var results = new Dictionary<string, double>();
        await using var server = await Servers.StartAsync(connectionString, "audit");
        var (strategyId, components) = await Servers.MissionWithStrategyAsync(server, "ABM", Planners, 1_000_000);

        var clock = Stopwatch.StartNew();
        var planners = await SeedAsync(server, strategyId, components);
        var seeding = clock.Elapsed.TotalSeconds;
        using var hq = await server.ClientForAsync("hq1");
        hq.Timeout = TimeSpan.FromMinutes(2);
        // History pages come from the read side: measured when it has caught up with the seeding.
        var readSide = await TryReadAsync(hq, $"/api/strategies/{strategyId}/view?minVersion={Events}&waitMs=30000");
        var caughtUp = clock.Elapsed.TotalSeconds;
        // Events per second over each tenth of the seeding (the first ones include the server's start-up compilation).
        var rates = Enumerable.Range(0, 10).Select(tenth => (moments.Count - 1) * tenth / 10).Select(from =>
        {
            var to = Math.Min(moments.Count - 1, from + Math.Max(1, (moments.Count - 1) / 10));
            return ((moments[to].Version - moments[from].Version) / (moments[to].At - moments[from].At).TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
        });
        Console.Error.WriteLine($"audit: seeded {latest:#,0} events in {seeding:0.0} s (events/s by tenths: {string.Join(", ", rates)}), "
            + (readSide ? $"read side caught up after {caughtUp:0.0} s" : "no read side: history pages not measured"));
        results["audit_events"] = latest;
        results["audit_seed_s"] = seeding;

        var threatIds = planners.SelectMany(p => p.ThreatIds).ToList();
        var random = new Random(2026);
        var prefix = $"/api/strategies/{strategyId}";
        string AsOf(int i) => i % 5 == 4
            ? $"{prefix}/as-of?at={Uri.EscapeDataString(moments[random.Next(moments.Count)].At.ToString("O", CultureInfo.InvariantCulture))}"
            : $"{prefix}/as-of?version={random.NextInt64(1, Events + 1)}";
        string Diff(int i)
        {
            if (i % 10 == 0) return $"{prefix}/diff?from=1&to={Events}";
            var from = random.NextInt64(1, Events);
            return $"{prefix}/diff?from={from}&to={random.NextInt64(from + 1, Events + 1)}";
        }

        // A brief warm-up of each route: the first requests compile code (the server has just served commands).
        for (var i = 0; i < 10; i++) await ReadAsync(hq, AsOf(i));
        // Diffs name the reasons given for each change from the change log, and history pages are the change log:
        // both need the read side.
        if (readSide)
        {
            for (var i = 0; i < 5; i++) await ReadAsync(hq, Diff(i + 1));
            for (var i = 0; i < 10; i++) await ReadAsync(hq, $"{prefix}/history?limit=50");
        }

        var table = new List<(string Name, double[] Sorted, double CpuMs)>();
        async Task<double[]> MeasureAsync(string name, IEnumerable<Func<Task<string>>> requests)
        {
            var latencies = new List<double>();
            var cpu0 = server.CpuSeconds();
            foreach (var request in requests)
            {
                var watch = Stopwatch.StartNew();
                await request();
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
            var sorted = latencies.Order().ToArray();
            table.Add((name, sorted, (server.CpuSeconds() - cpu0) * 1000 / Math.Max(1, sorted.Length)));
            return sorted;
        }
        Func<Task<string>> Get(string url) => () => ReadAsync(hq, url);

        var asOf = await MeasureAsync("as-of", Enumerable.Range(0, Requests).Select(i => Get(AsOf(i))));
        if (readSide)
        {
            var diff = await MeasureAsync("diff", Enumerable.Range(0, Requests / 2).Select(i => Get(Diff(i))));
            var whole = await MeasureAsync("diff 1..N", Enumerable.Range(0, 5).Select(_ => Get($"{prefix}/diff?from=1&to={Events}")));
            results["diff_p50_ms"] = Measure.Percentile(diff, 0.50);
            results["diff_p95_ms"] = Measure.Percentile(diff, 0.95);
            results["diff_whole_p50_ms"] = Measure.Percentile(whole, 0.50);
            results["audit_diff_server_cpu_ms"] = table[^2].CpuMs;
        }
        // As-of again: by now the server holds the states at most multiples of 200 that the reads above folded.
        var asOfAgain = await MeasureAsync("as-of again", Enumerable.Range(0, Requests).Select(i => Get(AsOf(i))));

        if (readSide)
        {
            var first = await MeasureAsync("history first", Enumerable.Range(0, 20).Select(_ => Get($"{prefix}/history?limit=50")));
            var deep = await MeasureAsync("history chain", Chain(hq, $"{prefix}/history?limit=50", int.MaxValue));
            var filtered = await MeasureAsync("history filtered", new[]
                {
                    Chain(hq, $"{prefix}/history?limit=50&actor=planner2", 20),
                    Chain(hq, $"{prefix}/history?limit=50&kind=threat", 20),
                    Chain(hq, $"{prefix}/history?limit=50&kind=activity&order=asc", 10),
                }
                .Concat(Enumerable.Range(0, 10).Select(_ => Chain(hq, $"{prefix}/history?limit=50&item={threatIds[random.Next(threatIds.Count)]}", int.MaxValue)))
                .SelectMany(chain => chain));
            var history = first.Concat(deep).Concat(filtered).Order().ToArray();
            results["history_page_p50_ms"] = Measure.Percentile(history, 0.50);
            results["history_page_p95_ms"] = Measure.Percentile(history, 0.95);
        }

        results["asof_p50_ms"] = Measure.Percentile(asOf, 0.50);
        results["asof_p95_ms"] = Measure.Percentile(asOf, 0.95);
        results["asof_again_p50_ms"] = Measure.Percentile(asOfAgain, 0.50);
        results["asof_again_p95_ms"] = Measure.Percentile(asOfAgain, 0.95);
        results["audit_asof_server_cpu_ms"] = table[0].CpuMs;

        Console.Error.WriteLine($"audit: {latest:#,0} events, hq1 one request at a time");
        Console.Error.WriteLine($"audit:   {"",-18} {"requests",8} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"server CPU ms/req",18}");
        foreach (var (name, sorted, cpuMs) in table)
            Console.Error.WriteLine($"audit:   {name,-18} {sorted.Length,8} {Measure.Percentile(sorted, 0.50),8:0.0} {Measure.Percentile(sorted, 0.95),8:0.0} {sorted[^1],8:0.0} {cpuMs,18:0.0}");
        static string Met(double? value, double goal) => value is not { } figure ? "not measured" : figure <= goal ? "met" : "not met";
        Console.Error.WriteLine($"audit:   goals: as-of p95 <= 50 ms ({Met(results["asof_p95_ms"], 50)}), "
            + $"diff p95 <= 100 ms ({Met(results.TryGetValue("diff_p95_ms", out var diffP95) ? diffP95 : null, 100)})");
        return results;
    }

    /// <summary>
    /// Eight clients edit the strategy until its stream is a few commands short of <see cref="Events"/> (a lead
    /// replacement appends two events), then one client reassesses threats (one event each) up to exactly it.
    /// </summary>
    private async Task<List<Planner>> SeedAsync(ServerProcess server, Guid strategyId, List<Guid> components)
    {
        var planners = new List<Planner>();
        for (var c = 0; c < Clients; c++)
            planners.Add(new Planner(this, await server.ClientForAsync(Planners[c % 2]), strategyId, components, c));
        latest = 1; // StrategyDrafted
        var nextMoment = 0L;
        void Moment()
        {
            lock (moments)
                if (Interlocked.Read(ref latest) >= nextMoment)
                {
                    moments.Add((DateTimeOffset.UtcNow, Interlocked.Read(ref latest)));
                    nextMoment += 100;
                }
        }
        await Task.WhenAll(planners.Select(planner => Task.Run(async () =>
        {
            while (Interlocked.Read(ref latest) + 2 * Clients < Events)
            {
                await planner.NextAsync();
                Moment();
            }
        })));
        while (latest < Events)
        {
            await planners[0].ReassessThreatAsync();
            Moment();
        }
        if (latest != Events) throw new InvalidOperationException($"The strategy reached version {latest}, not {Events}.");
        return planners;
    }

    /// <summary>Pages of a history query, each following the previous page's cursor, up to <paramref name="pages"/>.</summary>
    private static IEnumerable<Func<Task<string>>> Chain(HttpClient http, string url, int pages)
    {
        string? cursor = null;
        var done = false;
        for (var page = 0; page < pages && !done; page++)
        {
            yield return async () =>
            {
                var body = await ReadAsync(http, cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}");
                using var document = JsonDocument.Parse(body);
                cursor = document.RootElement.GetProperty("next").GetString();
                done = cursor is null;
                return body;
            };
        }
    }

    /// <summary>GETs <paramref name="url"/>; whether it answered 2xx (the refusal is written out otherwise).</summary>
    private static async Task<bool> TryReadAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        if (response.IsSuccessStatusCode) return true;
        Console.Error.WriteLine($"audit: GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return false;
    }

    /// <summary>GETs <paramref name="url"/> and reads the whole response.</summary>
    private static async Task<string> ReadAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {body}");
        return body;
    }


    private static long Knob(string variable, long fallback) =>
        Environment.GetEnvironmentVariable(variable) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;


    /// <summary>
    /// One planner client on its own items: client c identifies threats c, c+8, ... (of 150), plans activities c,
    /// c+8, ... each answering one of its threats, assigns each a lead, then keeps reassessing its threats, revising
    /// its activities and changing or replacing their leads.
    /// </summary>
    private sealed class Planner(AuditBenchmarks run, HttpClient http, Guid strategyId, IReadOnlyList<Guid> components, int client)
    {
        private readonly List<(Guid Id, long Version, ThreatAssessment Assessment)> threats = [];
        private readonly List<(Guid Id, long Version, ActivityDetails Details, Guid? Lead, int Personnel, long? LeadVersion)> activities = [];
        private readonly Random random = new(client);
        private int step;

        public IEnumerable<Guid> ThreatIds => threats.Select(t => t.Id);

        public async Task NextAsync()
        {
            var ownThreats = (Threats - client + Clients - 1) / Clients;
            var ownActivities = (Activities - client + Clients - 1) / Clients;
            if (threats.Count < ownThreats) await IdentifyThreatAsync(client + threats.Count * Clients);
            else if (activities.Count < ownActivities) await PlanActivityAsync(client + activities.Count * Clients);
            else if (activities.FindIndex(a => a.Lead is null) is var unled and >= 0) await AssignLeadAsync(unled);
            else
            {
                var turn = step++ % 20;
                if (turn < 9) await ReassessThreatAsync();
                else if (turn < 15) await ReviseActivityAsync();
                else await AssignLeadAsync(random.Next(activities.Count));
            }
        }

        private async Task IdentifyThreatAsync(int n)
        {
            var assessment = Servers.Threat(n);
            var (item, version) = await SendAsync(HttpMethod.Post, "threats", new ThreatRequest(assessment), null);
            threats.Add((item.GetProperty("id").GetGuid(), version, assessment));
        }

        public async Task ReassessThreatAsync()
        {
            var index = random.Next(threats.Count);
            var (id, version, assessment) = threats[index];
            var reassessed = assessment with
            {
                Likelihood = assessment.Likelihood % 5 + 1,
                Trend = random.Next(3) == 0 ? (Trend)(((int)assessment.Trend + 1) % 3) : assessment.Trend,
            };
            var reason = step % 4 == 0 ? $"?reason={Uri.EscapeDataString($"JMAC weekly report {step / 4}")}" : "";
            var (_, newVersion) = await SendAsync(HttpMethod.Put, $"threats/{id}{reason}", new ThreatRequest(reassessed), version);
            threats[index] = (id, newVersion, reassessed);
        }

        private async Task PlanActivityAsync(int n)
        {
            var details = Activity(threats[activities.Count % threats.Count].Id, n);
            var (item, version) = await SendAsync(HttpMethod.Post, "activities", new ActivityRequest(details), null);
            activities.Add((item.GetProperty("activity").GetProperty("id").GetGuid(), version, details, null, 0, null));
        }

        private async Task ReviseActivityAsync()
        {
            var index = random.Next(activities.Count);
            var activity = activities[index];
            var revised = activity.Details with { Phase = (Phase)(((int)activity.Details.Phase + 1) % 4) };
            var (_, newVersion) = await SendAsync(HttpMethod.Put, $"activities/{activity.Id}", new ActivityRequest(revised), activity.Version);
            activities[index] = activity with { Version = newVersion, Details = revised };
        }

        /// <summary>A first lead, or (mostly) a new commitment of the lead, or now and then another component as lead.</summary>
        private async Task AssignLeadAsync(int index)
        {
            var activity = activities[index];
            var component = activity.Lead is { } lead && random.Next(4) != 0 ? lead : components[random.Next(components.Count)];
            var personnel = activity.Personnel % 45 + 5 + (component == activity.Lead ? 1 : 0);
            var (_, leadVersion) = await SendAsync(HttpMethod.Put, $"activities/{activity.Id}/lead",
                new AssignmentRequest(component, new Commitment(personnel, [])), activity.LeadVersion);
            activities[index] = activity with { Lead = component, Personnel = personnel, LeadVersion = leadVersion };
        }

        /// <summary>Sends a command; returns the item and its version (ETag), and records the stream version reached.</summary>
        private async Task<(JsonElement Item, long Version)> SendAsync(HttpMethod method, string path, object body, long? ifMatch)
        {
            using var request = new HttpRequestMessage(method, $"/api/strategies/{strategyId}/{path}") { Content = JsonContent.Create(body, body.GetType(), options: Servers.Json) };
            if (ifMatch is { } version) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var result = (await response.Content.ReadFromJsonAsync<CommandResponse>(Servers.Json))!;
            for (var seen = Interlocked.Read(ref run.latest); result.Version > seen; seen = Interlocked.Read(ref run.latest))
                if (Interlocked.CompareExchange(ref run.latest, result.Version, seen) == seen) break;
            return ((JsonElement)result.Item!, long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture));
        }

        private static ActivityDetails Activity(Guid threat, int n) => new(
            $"Market-day patrols {n}", "Foot and vehicle patrols on market days", null, [threat], (Tier)(n % 3), (Phase)(n % 4),
            $"Market {n}", null, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), "Patrols conducted / planned", ActivityStatus.Planned, null);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
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
/// HTTP command throughput and latency: 8 clients, as planners, editing strategies through a running server. Four
/// missions with two planners each, so the load is both several tenants and two planners sharing a strategy (their
/// commands on different items meet on the stream and wait for its lock). Each client plans on its own items: it
/// identifies threats, reassesses them, plans activities answering them, revises those and assigns their lead. Like a
/// real planner it works on a bounded set (at most 12 threats and 12 activities of its own, about 50 items per
/// strategy), so a long run keeps editing rather than growing strategies far beyond a mission's size. The baseline is
/// the same 8 clients, with the same tokens, each appending one event to a stream of its own through the server's
/// bare endpoint (Server/Operations/BareAppend.cs): what HTTP, authentication, Wolverine and a Marten append cost
/// without a planning command's own work.
/// </summary>
public sealed class CommandBenchmarks(ServerProcess server, Npgsql.NpgsqlDataSource database, TimeSpan duration)
{
    private const int Missions = 4;
    private const int ItemsPerPlanner = 12;
    private static readonly string[] Planners = ["planner1", "planner2"];

    private readonly List<Planner> clients = [];
    private readonly List<Guid> bareStreams = [];

    /// <summary>The planning commands' figures.</summary>
    public Tally Commands { get; } = new();

    /// <summary>The bare appends' figures.</summary>
    public Tally Bare { get; } = new();

    public async Task SetUpAsync()
    {
        for (var m = 0; m < Missions; m++)
        {
            var (strategyId, components) = await Servers.MissionWithStrategyAsync(server, $"BM{m + 1}", Planners, 100_000);
            foreach (var planner in Planners)
            {
                clients.Add(new Planner(await server.ClientForAsync(planner), strategyId, components, Conflicted));
                bareStreams.Add(Guid.NewGuid());
            }
        }
        // Warm up as a server runs for months: until its JIT is quiet, and each planner has reached its working set
        // of items; both kinds of request, as they alternate when measured.
        WarmUpSeconds = await Jit.WarmUpAsync([server.ProcessId], Jit.ServerWarmUp, async length =>
        {
            await Measure.ThroughputAsync(clients.Count, length / 2, CommandOf);
            await Measure.ThroughputAsync(clients.Count, length / 2, BareOf);
        });
    }

    /// <summary>How long the warm-up took.</summary>
    public double WarmUpSeconds { get; private set; }

    /// <summary>Runs the 8 planners for the duration; returns commands per second.</summary>
    public async Task<double> RunCommandsAsync()
    {
        var rate = await RunAsync(Commands, CommandOf);
        // Whether the read side keeps up: commands per second bought by letting the views fall behind are not sustained.
        ProjectionLagMaxEvents = Math.Max(ProjectionLagMaxEvents, await Servers.PlanningViewsLagAsync(database));
        return rate;
    }

    /// <summary>Runs the 8 clients' bare appends for the duration; returns appends per second.</summary>
    public Task<double> RunBareAsync() => RunAsync(Bare, BareOf);

    /// <summary>The largest lag of the planning views projection at the end of a measured round, in events; -1 when
    /// no planning views projection runs.</summary>
    public long ProjectionLagMaxEvents { get; private set; } = -1;

    private Func<Task<int>> CommandOf(int index) => async () => await clients[index].NextAsync() ? 1 : 0;

    /// <summary>
    /// Conflicts (409) on items only the client edits, each sent with the version the server last gave it for the
    /// item: a correct server gives none (one shows a command decided on a state older than one it acknowledged). The
    /// first few are written out; the client takes the conflict's <c>currentVersion</c> and goes on.
    /// </summary>
    public long Conflicts => Interlocked.Read(ref conflicts);

    private long conflicts;

    private void Conflicted(string detail)
    {
        if (Interlocked.Increment(ref conflicts) <= 5) Console.Error.WriteLine($"commands: unexpected conflict: {detail}");
    }

    private Func<Task<int>> BareOf(int index)
    {
        var http = clients[index].Http;
        var path = $"/api/benchmark/streams/{bareStreams[index]}/events";
        return async () =>
        {
            using var response = await http.PostAsync(path, null);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await response.Content.ReadAsStringAsync();
            return 1;
        };
    }

    private async Task<double> RunAsync(Tally tally, Func<int, Func<Task<int>>> operation)
    {
        var (server0, client0, database0) = (server.CpuSeconds(), CpuTime.Self(), CpuTime.PostgreSql());
        var rate = await Measure.ThroughputAsync(clients.Count, duration, index =>
        {
            var next = operation(index);
            return async () =>
            {
                var clock = Stopwatch.StartNew();
                var done = await next();
                tally.Record(clock.Elapsed.TotalMilliseconds);
                return done;
            };
        });
        // CPU time is read around the whole run, its one-second warm-up included, as requests are counted.
        tally.Add(server.CpuSeconds() - server0, CpuTime.Self() - client0, CpuTime.PostgreSql() - database0);
        return rate;
    }

    /// <summary>Latencies, and CPU time per request of the server, the benchmark's clients and PostgreSQL.</summary>
    public sealed class Tally
    {
        private readonly ConcurrentBag<double> latencies = [];
        private long done;
        private double serverCpu, clientCpu, databaseCpu;

        public void Record(double milliseconds)
        {
            latencies.Add(milliseconds);
            Interlocked.Increment(ref done);
        }

        public void Add(double server, double client, double database) =>
            (serverCpu, clientCpu, databaseCpu) = (serverCpu + server, clientCpu + client, databaseCpu + database);

        /// <summary>Milliseconds of CPU per request in the server, the benchmark's own clients, and PostgreSQL.</summary>
        public (double Server, double Client, double Database) CpuPerRequest()
        {
            var count = Math.Max(1, Interlocked.Read(ref done));
            return (serverCpu * 1000 / count, clientCpu * 1000 / count, databaseCpu * 1000 / count);
        }

        public (double P50, double P99) Percentiles()
        {
            var sorted = latencies.Order().ToArray();
            return (Measure.Percentile(sorted, 0.50), Measure.Percentile(sorted, 0.99));
        }
    }

    /// <summary>One planner's realistic sequence of commands on its own items.</summary>
    private sealed class Planner(HttpClient http, Guid strategyId, IReadOnlyList<Guid> components, Action<string> conflicted)
    {
        private readonly List<(Guid Id, long Version, ThreatAssessment Assessment)> threats = [];
        private readonly List<(Guid Id, long Version, ActivityDetails Details, long? LeadVersion)> activities = [];
        private int step;

        /// <summary>The planner's client, signed in with its token.</summary>
        public HttpClient Http => http;

        /// <summary>Sends the planner's next command; whether it was acknowledged (2xx).</summary>
        public async Task<bool> NextAsync()
        {
            var turn = step++ % 10;
            if (threats.Count == 0 || (turn is 0 or 5 && threats.Count < ItemsPerPlanner)) return await IdentifyThreatAsync();
            if (turn is 0 or 1 or 4 or 5 or 7) return await ReassessThreatAsync();
            if (activities.Count == 0 || (turn is 2 or 8 && activities.Count < ItemsPerPlanner)) return await PlanActivityAsync();
            if (turn is 3 or 6) return await ReviseActivityAsync();
            return await AssignLeadAsync();
        }

        private async Task<bool> IdentifyThreatAsync()
        {
            var assessment = Servers.Threat(threats.Count);
            var (item, version, _) = await SendAsync(HttpMethod.Post, "threats", new ThreatRequest(assessment), null);
            threats.Add((item.GetProperty("id").GetGuid(), version, assessment));
            return true;
        }

        private async Task<bool> ReassessThreatAsync()
        {
            var index = Random.Shared.Next(threats.Count);
            var (id, version, assessment) = threats[index];
            var reassessed = assessment with { Likelihood = assessment.Likelihood % 5 + 1 };
            var (_, newVersion, done) = await SendAsync(HttpMethod.Put, $"threats/{id}", new ThreatRequest(reassessed), version);
            threats[index] = (id, newVersion, reassessed);
            return done;
        }

        private async Task<bool> PlanActivityAsync()
        {
            var details = Activity(threats[Random.Shared.Next(threats.Count)].Id, activities.Count);
            var (item, version, _) = await SendAsync(HttpMethod.Post, "activities", new ActivityRequest(details), null);
            activities.Add((item.GetProperty("activity").GetProperty("id").GetGuid(), version, details, null));
            return true;
        }

        private async Task<bool> ReviseActivityAsync()
        {
            var index = Random.Shared.Next(activities.Count);
            var (id, version, details, lead) = activities[index];
            var revised = details with { Phase = (Phase)(((int)details.Phase + 1) % 4) };
            var (_, newVersion, done) = await SendAsync(HttpMethod.Put, $"activities/{id}", new ActivityRequest(revised), version);
            activities[index] = (id, newVersion, revised, lead);
            return done;
        }

        private async Task<bool> AssignLeadAsync()
        {
            var index = Random.Shared.Next(activities.Count);
            var (id, version, details, lead) = activities[index];
            var component = components[Random.Shared.Next(components.Count)];
            var (_, leadVersion, done) = await SendAsync(HttpMethod.Put, $"activities/{id}/lead",
                new AssignmentRequest(component, new Commitment(Random.Shared.Next(5, 50), [])), lead);
            activities[index] = (id, version, details, leadVersion);
            return done;
        }

        /// <summary>
        /// Sends a command; returns the item, its version (ETag) and true, or, on a conflict, the current version
        /// the conflict names and false.
        /// </summary>
        private async Task<(JsonElement Item, long Version, bool Done)> SendAsync(
            HttpMethod method, string path, object body, long? ifMatch)
        {
            using var request = new HttpRequestMessage(method, $"/api/strategies/{strategyId}/{path}")
            {
                Content = JsonContent.Create(body, body.GetType(), options: Servers.Json),
            };
            if (ifMatch is { } version) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Conflict && ifMatch is not null)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                conflicted($"{method} {path} If-Match {ifMatch}: {problem.GetProperty("detail").GetString()}");
                return (default, problem.GetProperty("currentVersion").GetInt64(), false);
            }
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException(
                    $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var result = (await response.Content.ReadFromJsonAsync<CommandResponse>(Servers.Json))!;
            return ((JsonElement)result.Item!, long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture), true);
        }

        private static ActivityDetails Activity(Guid threat, int n) => new(
            $"Market-day patrols {n}", "Foot and vehicle patrols on market days", null, [threat], (Tier)(n % 3), (Phase)(n % 4),
            $"Market {n}", null, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), "Patrols conducted / planned", ActivityStatus.Planned, null);
    }
}

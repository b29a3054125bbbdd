using System.Collections.Concurrent;
using System.Diagnostics;
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
/// commands on different items meet on the stream and are re-decided). Each client plans on its own items: it
/// identifies threats, reassesses them, plans activities answering them, revises those and assigns their lead. Like a
/// real planner it works on a bounded set (at most 12 threats and 12 activities of its own, about 50 items per
/// strategy), so a long run keeps editing rather than growing strategies far beyond a mission's size.
/// </summary>
public sealed class CommandBenchmarks(ServerProcess server, Npgsql.NpgsqlDataSource database, TimeSpan duration)
{
    private const int Missions = 4;
    private const int ItemsPerPlanner = 12;
    private static readonly string[] Planners = ["planner1", "planner2"];

    private readonly ConcurrentBag<double> latencies = [];
    private readonly List<Planner> clients = [];

    public async Task SetUpAsync()
    {
        for (var m = 0; m < Missions; m++)
        {
            var (strategyId, components) = await Servers.MissionWithStrategyAsync(server, $"BM{m + 1}", Planners, 100_000);
            foreach (var planner in Planners)
                clients.Add(new Planner(await server.ClientForAsync(planner), strategyId, components));
        }
        // Warm up as a server runs for months: until its JIT is quiet, and each planner has reached its working set of items.
        WarmUpSeconds = await Jit.WarmUpAsync([server.ProcessId], Jit.ServerWarmUp, length =>
            Measure.ThroughputAsync(clients.Count, length, index => async () => { await clients[index].NextAsync(); return 1; }));
    }

    /// <summary>How long the warm-up took.</summary>
    public double WarmUpSeconds { get; private set; }

    private long commands;
    private double serverCpu, clientCpu, databaseCpu;

    /// <summary>Runs the 8 clients for the duration; returns commands per second, and records latencies and CPU time.</summary>
    public async Task<double> RunAsync()
    {
        var (server0, client0, database0, commands0) = (server.CpuSeconds(), CpuTime.Self(), CpuTime.PostgreSql(), Interlocked.Read(ref commands));
        var rate = await Measure.ThroughputAsync(clients.Count, duration, index =>
        {
            var planner = clients[index];
            return async () =>
            {
                var clock = Stopwatch.StartNew();
                await planner.NextAsync();
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                Interlocked.Increment(ref commands);
                return 1;
            };
        });
        serverCpu += server.CpuSeconds() - server0;
        clientCpu += CpuTime.Self() - client0;
        databaseCpu += CpuTime.PostgreSql() - database0;
        // Whether the read side keeps up: commands per second bought by letting the views fall behind are not sustained.
        ProjectionLagMaxEvents = Math.Max(ProjectionLagMaxEvents, await Servers.PlanningViewsLagAsync(database));
        return rate;
    }

    /// <summary>The largest lag of the planning views projection at the end of a measured round, in events (up to 10,000).</summary>
    public long ProjectionLagMaxEvents { get; private set; }

    /// <summary>Milliseconds of CPU per command in the server, the benchmark's own clients, and PostgreSQL.</summary>
    public (double Server, double Client, double Database) CpuPerCommand()
    {
        var count = Math.Max(1, Interlocked.Read(ref commands));
        return (serverCpu * 1000 / count, clientCpu * 1000 / count, databaseCpu * 1000 / count);
    }

    public (double P50, double P99) Percentiles()
    {
        var sorted = latencies.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return (At(0.50), At(0.99));
    }


    /// <summary>One planner's realistic sequence of commands on its own items.</summary>
    private sealed class Planner(HttpClient http, Guid strategyId, IReadOnlyList<Guid> components)
    {
        private readonly List<(Guid Id, long Version, ThreatAssessment Assessment)> threats = [];
        private readonly List<(Guid Id, long Version, ActivityDetails Details, long? LeadVersion)> activities = [];
        private int step;

        public async Task NextAsync()
        {
            var turn = step++ % 10;
            if (threats.Count == 0 || (turn is 0 or 5 && threats.Count < ItemsPerPlanner)) await IdentifyThreatAsync();
            else if (turn is 0 or 1 or 4 or 5 or 7) await ReassessThreatAsync();
            else if (activities.Count == 0 || (turn is 2 or 8 && activities.Count < ItemsPerPlanner)) await PlanActivityAsync();
            else if (turn is 3 or 6) await ReviseActivityAsync();
            else await AssignLeadAsync();
        }

        private async Task IdentifyThreatAsync()
        {
            var assessment = Threat(threats.Count);
            var (item, version) = await SendAsync(HttpMethod.Post, "threats", new ThreatRequest(assessment), null);
            threats.Add((item.GetProperty("id").GetGuid(), version, assessment));
        }

        private async Task ReassessThreatAsync()
        {
            var index = Random.Shared.Next(threats.Count);
            var (id, version, assessment) = threats[index];
            var reassessed = assessment with { Likelihood = assessment.Likelihood % 5 + 1 };
            var (_, newVersion) = await SendAsync(HttpMethod.Put, $"threats/{id}", new ThreatRequest(reassessed), version);
            threats[index] = (id, newVersion, reassessed);
        }

        private async Task PlanActivityAsync()
        {
            var details = Activity(threats[Random.Shared.Next(threats.Count)].Id, activities.Count);
            var (item, version) = await SendAsync(HttpMethod.Post, "activities", new ActivityRequest(details), null);
            activities.Add((item.GetProperty("activity").GetProperty("id").GetGuid(), version, details, null));
        }

        private async Task ReviseActivityAsync()
        {
            var index = Random.Shared.Next(activities.Count);
            var (id, version, details, lead) = activities[index];
            var revised = details with { Phase = (Phase)(((int)details.Phase + 1) % 4) };
            var (_, newVersion) = await SendAsync(HttpMethod.Put, $"activities/{id}", new ActivityRequest(revised), version);
            activities[index] = (id, newVersion, revised, lead);
        }

        private async Task AssignLeadAsync()
        {
            var index = Random.Shared.Next(activities.Count);
            var (id, version, details, lead) = activities[index];
            var component = components[Random.Shared.Next(components.Count)];
            var (_, leadVersion) = await SendAsync(HttpMethod.Put, $"activities/{id}/lead",
                new AssignmentRequest(component, new Commitment(Random.Shared.Next(5, 50), [])), lead);
            activities[index] = (id, version, details, leadVersion);
        }

        private async Task<(System.Text.Json.JsonElement Item, long Version)> SendAsync(HttpMethod method, string path, object body, long? ifMatch)
        {
            using var request = new HttpRequestMessage(method, $"/api/strategies/{strategyId}/{path}") { Content = JsonContent.Create(body, body.GetType(), options: Servers.Json) };
            if (ifMatch is { } version) request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var result = (await response.Content.ReadFromJsonAsync<CommandResponse>(Servers.Json))!;
            return ((System.Text.Json.JsonElement)result.Item!, long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
        }

        private static ThreatAssessment Threat(int n) => new(
            $"Armed group raids on market {n}", "Raids on market days, looting and abductions of traders", ThreatCategory.ArmedGroupAttack,
            new Perpetrator("Armed group", "Loot, intimidate", "Small arms, motorbikes"), new CiviliansAtRisk("Traders and shoppers", "All ages", Displacement.Mixed),
            $"Market {n}", null, "Market days", 1 + n % 5, 1 + n * 3 % 5, Trend.Escalating, HostStateCapacity.Limited, HostStateWillingness.Ambivalent,
            ["OCHA"], Level.High, new DateOnly(2026, 6, 1), "JMAC weekly report", Level.Medium);

        private static ActivityDetails Activity(Guid threat, int n) => new(
            $"Market-day patrols {n}", "Foot and vehicle patrols on market days", null, [threat], (Tier)(n % 3), (Phase)(n % 4),
            $"Market {n}", null, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), "Patrols conducted / planned", ActivityStatus.Planned, null);
    }
}

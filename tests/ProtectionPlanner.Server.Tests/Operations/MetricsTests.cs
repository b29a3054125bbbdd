using System.Globalization;
using System.Net;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary><c>GET /metrics</c>: the host's instruments in the Prometheus text format.</summary>
public sealed class MetricsTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string ThreatsUrl = $"/api/strategies/{DemoApp.StrategyId}/threats";

    [Fact]
    public async Task Metrics_are_served_without_a_token_in_the_Prometheus_text_format()
    {
        var response = await app.Anonymous().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE planner_commands_total counter\n", text);
        Assert.Contains("# TYPE planner_command_duration_seconds histogram\n", text);
        Assert.Contains("# TYPE planner_events_appended_total counter\n", text);
        Assert.Contains("# TYPE planner_hub_connections gauge\n", text);
        Assert.Contains("# HELP planner_commands_total Commands handled", text);
        // The demo seeding went through the pipeline: every line is "name{labels} value" with a number.
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')),
            line => Assert.Matches(
                @"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\]|\\.)*"",?)*\})?"
                + @" (-?[0-9.eE+-]+|\+Inf|NaN)$",
                line));
        Assert.True(Value(Parse(text), "planner_commands_total", ("command", "DraftStrategy"), ("outcome", "ok")) >= 1);
        // The runtime's own: GC pauses and collections, the process's memory.
        Assert.Contains("# TYPE dotnet_gc_pause_time_seconds_total counter\n", text);
        Assert.True(Value(Parse(text), "dotnet_gc_collections_total", ("gc_heap_generation", "gen0")) >= 1);
        Assert.True(Value(Parse(text), "dotnet_process_memory_working_set_bytes") > 1_000_000);
        // The libraries' own: ASP.NET Core's, Npgsql's, Marten's daemon's, Wolverine's.
        Assert.Contains("# TYPE http_server_active_requests gauge\n", text);
        Assert.Contains("# TYPE db_client_operation_duration_seconds histogram\n", text);
        // The daemon counts what it processed once its batch is done, which may be after the first scrape; its series
        // are labelled with the database.
        await UntilAsync(metrics => metrics.Where(series => series.Key.StartsWith(
            "marten_planning_views_all_processed_total{", StringComparison.Ordinal)).Sum(series => series.Value) >= 1);
        // Wolverine's outbox gauge is recorded by its periodic sweep of the message store, after the host started.
        await UntilAsync(metrics => metrics.Keys.Any(series =>
            series.StartsWith("wolverine_outbox_count_Messages", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Commands_are_counted_by_type_and_outcome_with_their_latency_repeats_and_conflicts()
    {
        var planner1 = await app.ClientFor("planner1");
        var before = await ScrapeAsync();

        var key = Guid.NewGuid().ToString();
        var body = new ThreatRequest(Sample.Threat("Counted threat"));
        Assert.Equal(HttpStatusCode.Created, (await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key)).StatusCode);
        var threat = await planner1.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Threat edited twice"));
        await planner1.ReassessThreatAsync(DemoApp.StrategyId, threat, "Edited first");
        var stale = await planner1.SendAsync(HttpMethod.Put, $"{ThreatsUrl}/{threat.Id}",
            new ThreatRequest(threat.Assessment with { Title = "Edited from a stale copy" }), ifMatch: threat.Stamp.Version);
        var observer = await (await app.ClientFor("observer1")).SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat("Not theirs")));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, observer.StatusCode);
        var after = await ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => Value(after, name, labels) - Value(before, name, labels);
        Assert.Equal(2, Delta("planner_commands_total", ("command", "IdentifyThreat"), ("outcome", "ok")));
        Assert.Equal(1, Delta("planner_commands_total", ("command", "IdentifyThreat"), ("outcome", "repeat")));
        Assert.Equal(1, Delta("planner_commands_total", ("command", "IdentifyThreat"), ("outcome", "forbidden")));
        Assert.Equal(1, Delta("planner_commands_total", ("command", "ReassessThreat"), ("outcome", "ok")));
        Assert.Equal(1, Delta("planner_commands_total", ("command", "ReassessThreat"), ("outcome", "conflict")));
        Assert.Equal(1, Delta("planner_command_repeats_total", ("command", "IdentifyThreat")));
        Assert.Equal(1, Delta("planner_conflicts_total", ("kind", "item")));
        Assert.Equal(4, Delta("planner_command_duration_seconds_count", ("command", "IdentifyThreat")));
        Assert.Equal(4, Delta("planner_command_duration_seconds_bucket", ("command", "IdentifyThreat"), ("le", "+Inf")));
        Assert.True(Delta("planner_command_duration_seconds_sum", ("command", "IdentifyThreat")) > 0);
        Assert.Equal(3, Delta("planner_events_appended_total"));
    }

    [Fact]
    public async Task Projection_lag_is_shown_per_projection_in_events_and_seconds()
    {
        await app.ViewsCaughtUpAsync();
        var metrics = await ScrapeAsync();

        Assert.True(metrics.ContainsKey("planner_projection_lag_seconds{projection=\"planning_views\"}"));
        Assert.True(metrics.ContainsKey("planner_projection_lag_events{projection=\"exercise_catalog\"}"));
        Assert.Equal(0, Value(metrics, "planner_projection_lag_events", ("projection", "planning_views")));
        Assert.Equal(0, Value(metrics, "planner_projection_lag_seconds", ("projection", "planning_views")));
        // Held back from the daemon, a change shows as lag until it is applied.
        const string Progress = "update planner.mt_event_progression set last_seq_id = last_seq_id {0} 1 "
            + "where name = 'planning_views:All' returning 1";
        await app.ScalarAsync<int>(string.Format(CultureInfo.InvariantCulture, Progress, "-"));
        var behind = await ScrapeAsync();
        await app.ScalarAsync<int>(string.Format(CultureInfo.InvariantCulture, Progress, "+"));
        Assert.Equal(1, Value(behind, "planner_projection_lag_events", ("projection", "planning_views")));
        Assert.True(Value(behind, "planner_projection_lag_seconds", ("projection", "planning_views")) > 0);
    }

    [Fact]
    public async Task Hub_connections_are_a_gauge_and_each_message_pushed_to_a_connection_is_counted()
    {
        var before = await ScrapeAsync();
        var connectionsBefore = Value(before, "planner_hub_connections");
        await using (var hub = await app.HubForAsync("planner2"))
        {
            await hub.SubscribeFromViewAsync(await app.ClientFor("planner2"), DemoApp.StrategyId);
            await hub.NextAsync("presence", LiveApi.Bound);
            var threat = await (await app.ClientFor("planner1")).IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Pushed threat"));
            await hub.NextAsync("change", change => LiveApi.Items(change, "threat").Any(c => c.GetProperty("id").GetString() == threat.Id.ToString()), LiveApi.Bound);

            var during = await ScrapeAsync();
            Assert.Equal(connectionsBefore + 1, Value(during, "planner_hub_connections"));
            Assert.True(Value(during, "planner_hub_pushes_total", ("message", "change")) - Value(before, "planner_hub_pushes_total", ("message", "change")) >= 1);
            Assert.True(Value(during, "planner_hub_pushes_total", ("message", "presence")) - Value(before, "planner_hub_pushes_total", ("message", "presence")) >= 1);
        }
        await UntilAsync(m => Value(m, "planner_hub_connections") == connectionsBefore);
    }

    private async Task<Dictionary<string, double>> ScrapeAsync() => Parse(await app.Anonymous().GetStringAsync("/metrics"));

    private async Task<Dictionary<string, double>> UntilAsync(Func<Dictionary<string, double>, bool> condition)
    {
        var metrics = new Dictionary<string, double>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            metrics = await ScrapeAsync();
            if (condition(metrics)) return metrics;
            await Task.Delay(300);
        }
        throw new TimeoutException($"The metrics did not show it within 30 s ({metrics.Count} series).");
    }

    /// <summary>Series by <c>name{labels}</c> as written, <c>name</c> for a series without labels. The test process
    /// hosts several apps: a library's process-wide meter (Wolverine's) can show a series once per app.</summary>
    private static Dictionary<string, double> Parse(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(line => !line.StartsWith('#'))
        .Select(line => (Key: line[..line.LastIndexOf(' ')].Replace("{}", "", StringComparison.Ordinal),
            Value: line[(line.LastIndexOf(' ') + 1)..]))
        .GroupBy(series => series.Key)
        .ToDictionary(series => series.Key, series => series.Last().Value is var value && value == "+Inf"
            ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture));

    private static double Value(Dictionary<string, double> metrics, string name, params (string Name, string Value)[] labels)
    {
        var key = labels.Length == 0 ? name : $"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}";
        return metrics.GetValueOrDefault(key);
    }
}

using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ProtectionPlanner.Server.Operations;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>Traces: one command followed from its request through its append and projection to its push.</summary>
public sealed class TracingTests(TracedApp app) : IClassFixture<TracedApp>
{
    [Fact]
    public async Task A_command_is_one_trace_from_its_request_through_its_append_and_projection_to_its_push()
    {
        await using var hub = await app.HubForAsync("planner2");
        await hub.SubscribeFromViewAsync(await app.ClientFor("planner2"), DemoApp.StrategyId);
        var planner1 = await app.ClientFor("planner1");
        var trace = ActivityTraceId.CreateRandom();
        planner1.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        var threat = await planner1.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Traced threat"));
        await hub.NextAsync("change", change => LiveApi.Items(change, "threat")
            .Any(c => c.GetProperty("id").GetString() == threat.Id.ToString()), LiveApi.Bound);

        var spans = await app.Spans.UntilAsync(trace, s => s.Any(span => span.OperationName == "push change"));
        Assert.Contains(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
            && s.DisplayName.StartsWith("POST /api/strategies/{strategyId", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Source.Name == "Npgsql"
            && s.GetTagItem("db.query.text") is string sql
            && sql.Contains("mt_quick_append_events", StringComparison.Ordinal)); // the append
        Assert.Single(spans, s => s.OperationName == "project planning_views");
        var push = Assert.Single(spans, s => s.OperationName == "push change");
        Assert.Equal(1, push.GetTagItem("planner.connections"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("http://127.0.0.1:4318", true)]
    public async Task Traces_are_recorded_only_when_an_OTLP_endpoint_is_configured(string? endpoint, bool traced)
    {
        const string Unreachable = "Host=127.0.0.1;Port=9;Username=nobody;Password=x;Database=none;Timeout=1";
        await using var node = PlannerApp.For(Unreachable)
            .WithWebHostBuilder(host => host.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint));

        Assert.Equal(traced, node.Services.GetService<TracerProvider>() is not null);
    }
}

/// <summary>The demo app recording its traces in memory, as it would export them over OTLP.</summary>
public sealed class TracedApp : DemoApp
{
    public Spans Spans { get; } = new();

    protected override void Configure(IWebHostBuilder host) => host.ConfigureServices(services =>
        services.AddOpenTelemetry().WithTracing(tracing => Telemetry.Traces(tracing).AddInMemoryExporter(Spans)));
}

/// <summary>Finished activities of every trace (activity listeners are per process: every host's show here).</summary>
public sealed class Spans : Collection<Activity>
{
    private readonly Lock guard = new();

    /// <summary>The spans of <paramref name="trace"/> once they satisfy <paramref name="done"/>, within 10 s.</summary>
    public async Task<List<Activity>> UntilAsync(ActivityTraceId trace, Func<List<Activity>, bool> done)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            List<Activity> spans;
            lock (guard) spans = this.Where(span => span.TraceId == trace).ToList();
            if (done(spans)) return spans;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Trace {trace} did not end as expected within 10 s.");
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (guard) base.InsertItem(index, item);
    }
}

using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// Metrics and traces on OpenTelemetry: ours (<see cref="PlannerMetrics"/>, <see cref="Source"/>), ASP.NET Core's,
/// Npgsql's, Marten's, Wolverine's and the runtime's. Metrics are scraped at <c>GET /metrics</c>; both go out over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. docs/operations.md lists them.
/// </summary>
public static class Telemetry
{
    public const string SourceName = "ProtectionPlanner";

    /// <summary>Our activities: a command's projection and its pushes, in the command's trace.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    public static void AddPlannerTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlannerMetrics>();
        // Meters made by a host's meter factory (ours, ASP.NET Core's): this host's only, as a test process runs many.
        builder.Metrics.EnableMetrics(PlannerMetrics.MeterName, scopes: MeterScope.Local);
        builder.Metrics.EnableMetrics("Microsoft.AspNetCore", scopes: MeterScope.Local);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("protectionplanner"))
            .WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation().AddHttpClientInstrumentation().AddNpgsqlInstrumentation()
                    .AddMeter("Marten", "Wolverine:*")
                    .AddPrometheusExporter(prometheus =>
                    {
                        // Each scrape reads the counts of its moment, each series with its own labels only.
                        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                        prometheus.ScopeInfoEnabled = false;
                    });
                if (otlp) metrics.AddOtlpExporter();
            });
        // Without an exporter no trace is recorded: a sampled trace costs activities on every command and statement.
        if (otlp) telemetry.WithTracing(tracing => Traces(tracing).AddOtlpExporter());
    }

    /// <summary>The sources a trace follows: the request, its statements, Marten's sessions and daemon, ours.</summary>
    public static TracerProviderBuilder Traces(TracerProviderBuilder tracing) => tracing
        .AddAspNetCoreInstrumentation(aspNetCore =>
            aspNetCore.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
        .AddHttpClientInstrumentation()
        .AddNpgsql()
        .AddSource("Marten", "Wolverine", SourceName);

    /// <summary>
    /// Starts an activity of ours in the trace of <paramref name="traceParent"/> (the header of a traced command's
    /// events), for work done for that command outside its request; null when it was not traced or nobody listens.
    /// </summary>
    public static Activity? StartInTrace(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal) =>
        traceParent is not null && Source.HasListeners() && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : null;

    /// <summary>One activity in each trace of <paramref name="traceParents"/>, for work shared by their commands
    /// (a projection's batch); the current activity stays as it was.</summary>
    public static IReadOnlyList<Activity> StartInTraces(string name, IEnumerable<string?> traceParents)
    {
        if (!Source.HasListeners()) return [];
        var outer = Activity.Current;
        var started = traceParents.Distinct().Select(trace => StartInTrace(name, trace)).OfType<Activity>().ToList();
        Activity.Current = outer;
        return started;
    }

    /// <summary>Stops activities of <see cref="StartInTraces"/>; the current activity stays as it was.</summary>
    public static void Stop(IReadOnlyList<Activity> activities)
    {
        if (activities.Count == 0) return;
        var outer = Activity.Current;
        foreach (var activity in activities) activity.Stop();
        Activity.Current = outer;
    }

    /// <summary>
    /// Maps <c>/metrics</c>, anonymous and out of the OpenAPI document, on the app's own port: do not publish it (block
    /// it at the reverse proxy or ingress; scrape the nodes directly).
    /// </summary>
    public static void MapMetricsEndpoint(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: scrape =>
                scrape.Use(async (http, next) =>
                {
                    await ObserveProjectionsAsync(http.RequestServices);
                    await next(http);
                }), optionsName: null)
            .AllowAnonymous()
            .ExcludeFromDescription();

    /// <summary>The projections' lag, read from the database per scrape; without it the lag gauges are left
    /// out.</summary>
    private static async Task ObserveProjectionsAsync(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<PlannerMetrics>();
        using var timeout = new CancellationTokenSource(ReadinessCheck.Timeout);
        try
        {
            metrics.Observed(await ProjectionProgress.ReadAsync(
                services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NpgsqlDataSource>(),
                timeout.Token));
        }
        catch (Exception e) when (ReadinessCheck.IsUnreachable(e))
        {
            metrics.Observed([]);
        }
    }
}

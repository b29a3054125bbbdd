using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Marten;
using Npgsql;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// Collects this host's instruments (meter <see cref="PlannerMetrics.MeterName"/>,
/// created by its meter factory, so two hosts in one process do not mix) and the runtime's (meter <c>System.Runtime</c>:
/// GC, thread pool, memory, CPU of the process) with a <see cref="MeterListener"/>, and writes
/// them in the Prometheus text exposition format 0.0.4: counters as <c>_total</c>, histograms as
/// <c>_bucket{le=...}</c>, <c>_sum</c> and <c>_count</c>, gauges as they were observed at the scrape. Names are the
/// instruments' with dots as underscores and the unit as a suffix (<c>planner.command.duration</c> in seconds is
/// <c>planner_command_duration_seconds</c>).
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly HashSet<string> Meters = [PlannerMetrics.MeterName];

    /// <summary>The .NET runtime's own meter: one per process, not created by a host's meter factory.</summary>
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>Buckets of histograms that do not advise their own.</summary>
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, Family> families = new();
    private readonly Lock scraping = new();

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            var ours = Meters.Contains(instrument.Meter.Name) && ReferenceEquals(instrument.Meter.Scope, meterFactory);
            if (!ours && instrument.Meter.Name != RuntimeMeter) return;
            subscriber.EnableMeasurementEvents(instrument, families.GetOrAdd(instrument, Family.Of));
        };
        listener.MeasurementsCompleted = (instrument, state) => families.TryRemove(instrument, out var _);
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        listener.Start();
    }

    /// <summary>Observes the gauges and writes every series.</summary>
    public string Scrape()
    {
        lock (scraping)
        {
            foreach (var family in families.Values.Where(f => f.Observed)) family.Clear();
            listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var group in families.Values.GroupBy(f => f.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = group.First();
                if (!string.IsNullOrEmpty(first.Help)) text.Append("# HELP ").Append(group.Key).Append(' ').Append(EscapeHelp(first.Help)).Append('\n');
                text.Append("# TYPE ").Append(group.Key).Append(' ').Append(first.Type).Append('\n');
                foreach (var family in group) family.Write(text);
            }
            return text.ToString();
        }
    }

    public void Dispose() => listener.Dispose();

    private static string EscapeHelp(string text) => text.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string EscapeLabel(string text) =>
        text.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The Prometheus name: lower case, [a-z0-9_], the unit as a suffix, <c>_total</c> for counters.</summary>
    private static string NameOf(Instrument instrument, bool counter)
    {
        var name = new StringBuilder();
        foreach (var c in instrument.Name.ToLowerInvariant()) name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        var suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !name.ToString().EndsWith(suffix, StringComparison.Ordinal)) name.Append(suffix);
        if (counter) name.Append("_total");
        return name.ToString();
    }

    /// <summary>One instrument's series, by label set.</summary>
    private sealed class Family(Instrument instrument, string name, string type, bool cumulative, double[]? buckets)
    {
        private readonly ConcurrentDictionary<string, Series> series = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public string Type { get; } = type;

        public string? Help { get; } = instrument.Description;

        /// <summary>Observable instruments report their whole value at each scrape: older series are dropped first.</summary>
        public bool Observed { get; } = instrument.IsObservable;

        public static Family Of(Instrument instrument)
        {
            var kind = instrument.GetType().GetGenericTypeDefinition();
            if (kind == typeof(Histogram<>))
            {
                var advised = instrument switch
                {
                    Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
                    Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                    Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                    _ => null,
                };
                return new Family(instrument, NameOf(instrument, counter: false), "histogram", cumulative: true, advised ?? DefaultBuckets);
            }
            var counter = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>);
            // Synchronous counters and up-down counters add up; observed values and gauges are the value itself.
            var cumulative = kind == typeof(Counter<>) || kind == typeof(UpDownCounter<>);
            return new Family(instrument, NameOf(instrument, counter), counter ? "counter" : "gauge", cumulative, null);
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var entry = series.GetOrAdd(Labels(tags), _ => new Series(buckets));
            lock (entry)
            {
                if (buckets is not null)
                {
                    var bucket = 0;
                    while (bucket < buckets.Length && value > buckets[bucket]) bucket++;
                    entry.Counts![bucket]++;
                    entry.Count++;
                    entry.Value += value;
                }
                else if (cumulative) entry.Value += value;
                else entry.Value = value;
            }
        }

        public void Clear() => series.Clear();

        public void Write(StringBuilder text)
        {
            foreach (var (labels, entry) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (entry)
                {
                    if (buckets is null)
                    {
                        Line(text, Name, labels, entry.Value);
                        continue;
                    }
                    long cumulativeCount = 0;
                    for (var i = 0; i <= buckets.Length; i++)
                    {
                        cumulativeCount += entry.Counts![i];
                        var le = $"le=\"{(i < buckets.Length ? Number(buckets[i]) : "+Inf")}\"";
                        Line(text, Name + "_bucket", labels.Length == 0 ? le : labels + "," + le, cumulativeCount);
                    }
                    Line(text, Name + "_sum", labels, entry.Value);
                    Line(text, Name + "_count", labels, entry.Count);
                }
            }
        }

        private static void Line(StringBuilder text, string name, string labels, double value)
        {
            text.Append(name);
            if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
            text.Append(' ').Append(Number(value)).Append('\n');
        }

        /// <summary>The label set as written, sorted by name: <c>command="IdentifyThreat",outcome="ok"</c>.</summary>
        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0) return "";
            var sorted = tags.ToArray();
            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var labels = new StringBuilder();
            foreach (var (key, value) in sorted)
            {
                if (labels.Length > 0) labels.Append(',');
                foreach (var c in key) labels.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
                labels.Append("=\"").Append(EscapeLabel(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
            }
            return labels.ToString();
        }
    }

    /// <summary>A value (a counter's sum, a gauge's value, a histogram's sum), and a histogram's counts.</summary>
    private sealed class Series(double[]? buckets)
    {
        public double Value;
        public long Count;
        public long[]? Counts = buckets is null ? null : new long[buckets.Length + 1];
    }
}

/// <summary><c>GET /metrics</c>: the host's metrics for Prometheus to scrape.</summary>
public static class MetricsEndpoint
{
    /// <summary>
    /// Maps <c>/metrics</c>, anonymous and out of the OpenAPI document, on the app's own port: do not publish it (block
    /// it at the reverse proxy or ingress; scrape the nodes directly).
    /// </summary>
    public static void MapMetricsEndpoint(this WebApplication app)
    {
        var exporter = app.Services.GetRequiredService<PrometheusExporter>(); // listens from now on, before the first request
        app.MapGet("/metrics", async (IDocumentStore store, NpgsqlDataSource dataSource, PlannerMetrics metrics) =>
            {
                // The projections' lag is read from the database per scrape; without it the lag gauges are left out.
                using var timeout = new CancellationTokenSource(ReadinessCheck.Timeout);
                try
                {
                    metrics.Observed(await ProjectionProgress.ReadAsync(store, dataSource, timeout.Token));
                }
                catch (Exception e) when (ReadinessCheck.IsUnreachable(e))
                {
                    metrics.Observed([]);
                }
                return Results.Text(exporter.Scrape(), PrometheusExporter.ContentType);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}

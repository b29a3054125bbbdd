using System.Diagnostics;
using Microsoft.Extensions.Logging.Console;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// Logging: plain console lines locally, JSON lines with scopes in containers (<c>Planner:Logging:Json</c>), and a
/// scope on every request carrying the correlation id that the request's events store in their metadata.
/// </summary>
public static class Logs
{
    /// <summary>
    /// The host's own request lines ("Request starting ...", "Request finished ...") carry the query string, and with
    /// it the access token a SignalR WebSocket sends there: they stay off whatever the configuration says.
    /// </summary>
    private const string HostRequestLines = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// SignalR's dispatcher logs every refused hub call (not found, forbidden, rate-limited) as an error with a stack
    /// trace; <see cref="Live.HubCallFilter"/> logs each failed call instead, refusals as information.
    /// </summary>
    private const string HubDispatcher = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    /// <param name="builder">The app being built.</param>
    /// <param name="toStandardError">All log lines to stderr (operator verbs, whose stdout is their output).</param>
    public static void AddPlannerLogging(this WebApplicationBuilder builder, bool toStandardError)
    {
        if (builder.Configuration.GetValue("Planner:Logging:Json", false))
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        if (toStandardError) builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter(HostRequestLines, LogLevel.Warning);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(HostRequestLines, LogLevel.Warning);
        builder.Logging.AddFilter(HubDispatcher, LogLevel.None);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(HubDispatcher, LogLevel.None);
    }

    /// <summary>
    /// Opens a logging scope <c>CorrelationId</c> around each request (first in the pipeline, so every line the request
    /// logs carries it) and keeps the id for <see cref="CorrelationId"/>.
    /// </summary>
    public static void UseRequestCorrelation(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProtectionPlanner.Requests");
        app.Use(async (http, next) =>
        {
            var id = CorrelationId(http);
            using (logger.BeginScope(new CorrelationScope(id))) await next(http);
        });
    }

    /// <summary>
    /// The request's correlation id: the W3C trace id of its activity (a caller's <c>traceparent</c> carries over),
    /// or the connection's request id when there is no activity. Commands store it in their events' metadata.
    /// </summary>
    public static string CorrelationId(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(CorrelationScope), out var known) && known is string id) return id;
        id = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        http.Items[typeof(CorrelationScope)] = id;
        return id;
    }

    /// <summary>A scope of one named value, written as <c>{"CorrelationId": "..."}</c> by the JSON formatter.</summary>
    private sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{id}";
    }
}

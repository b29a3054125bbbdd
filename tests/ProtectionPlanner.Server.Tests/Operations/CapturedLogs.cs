using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>One log line as a provider receives it: its text, its values, and the values of the scopes it was written in.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State,
    IReadOnlyList<KeyValuePair<string, object?>> Scopes, IReadOnlyList<string> ScopeTexts, string? Exception)
{
    /// <summary>Everything the line would show, as text: where a secret must never appear.</summary>
    public string AllText => string.Join("\n", [Category, Message, Exception ?? "",
        .. State.Select(s => $"{s.Key}={s.Value}"), .. Scopes.Select(s => $"{s.Key}={s.Value}"), .. ScopeTexts]);
}

/// <summary>A logging provider that keeps every line with its scopes (it gets them from the host's scope provider).</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new List<KeyValuePair<string, object?>>();
            var texts = new List<string>();
            owner.scopes.ForEachScope((scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs) values.AddRange(pairs);
                else if (scope is not null) texts.Add(scope.ToString() ?? "");
            }, (object?)null);
            var stateValues = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
            owner.lines.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), stateValues, values, texts, exception?.ToString()));
        }
    }
}

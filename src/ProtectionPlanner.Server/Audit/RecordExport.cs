using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// One event of the record exactly as Marten stores it: its place (stream, version, global position), identity, type
/// alias, time in microseconds (the stored precision; <c>At</c> is the same moment for people), metadata, headers (the
/// hash among them), data, and its chain hash.
/// </summary>
public sealed record ExportedEvent(
    Guid StreamId, long Version, long Position, Guid Id, string Type, long TimestampMicros, DateTimeOffset At,
    string? UserName, string? CorrelationId, string? CausationId, JsonElement Headers, JsonElement Data, string? Hash)
{
    /// <summary>What the chain covers of it.</summary>
    public ChainedEvent Chained() => new(
        StreamId, Version, Id, Type, DateTimeOffset.UnixEpoch.AddTicks(TimestampMicros * 10), UserName, CorrelationId,
        CausationId, Headers, Data);
}

/// <summary>The last line of an export: the stream's head (its last version and hash) and how many events precede
/// it.</summary>
public sealed record ExportHead(Guid StreamId, long Version, string Hash, long Events, DateTimeOffset ExportedAt);

/// <summary>One problem an offline check found in an export, naming the line and, when known, the stream
/// version.</summary>
public sealed record ExportProblem(int Line, long? Version, string Description);

/// <summary>Events as stored in Marten's <c>mt_events</c>, read for verification and export.</summary>
public static class StoredEvents
{
    public static string Select(string schema, string where) => $"""
        select stream_id, version, seq_id, id, type, timestamp, user_name, correlation_id, causation_id, headers::text,
               data::text, headers ->> '{HashChain.Header}'
        from {schema}.mt_events where {where}
        """;

    public static ExportedEvent Read(NpgsqlDataReader reader)
    {
        var at = reader.GetFieldValue<DateTimeOffset>(5);
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
        return new ExportedEvent(
            reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
            HashChain.Microseconds(at), at, Text(6), Text(7), Text(8), Json(Text(9) ?? "null"),
            Json(reader.GetString(10)), Text(11));
    }

    /// <summary>A stream's events in version order.</summary>
    public static async IAsyncEnumerable<ExportedEvent> ReadStreamAsync(
        NpgsqlDataSource dataSource, string schema, Guid streamId,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            Select(schema, "stream_id = @stream") + " order by version");
        command.Parameters.AddWithValue("stream", streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    private static JsonElement Json(string text) => JsonSerializer.Deserialize<JsonElement>(text);
}

/// <summary>
/// A stream's record as JSON lines (one <see cref="ExportedEvent"/> per line, then <c>{"head": ...}</c>), and its
/// check without a database: every line's hash is recomputed from its content and its predecessor's hash with
/// <see cref="HashChain"/>, versions must follow each other from 1, and the head must name the last event's hash.
/// Any edited, removed, inserted or reordered line, or a changed head, is found.
/// </summary>
public static class RecordExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An event as one line of an export.</summary>
    public static string Line(ExportedEvent @event) => JsonSerializer.Serialize(@event, Json);

    /// <summary>The head as the last line of an export.</summary>
    public static string HeadLine(ExportHead head) => JsonSerializer.Serialize(new { head }, Json);

    /// <summary>Writes a stream's record: one line per event, then the head. Returns the number of events.</summary>
    public static async Task<long> WriteAsync(
        NpgsqlDataSource dataSource, string schema, Guid streamId, TimeProvider clock, Func<string, Task> write,
        CancellationToken ct)
    {
        ExportedEvent? last = null;
        long count = 0;
        await foreach (var @event in StoredEvents.ReadStreamAsync(dataSource, schema, streamId, ct))
        {
            await write(Line(@event));
            (last, count) = (@event, count + 1);
        }
        await write(HeadLine(new ExportHead(streamId, last?.Version ?? 0, last?.Hash ?? "", count,
            clock.GetUtcNow())));
        return count;
    }

    /// <summary>Checks an export's lines; no problem means the file is the record as exported.</summary>
    public static IReadOnlyList<ExportProblem> Verify(IEnumerable<string> lines)
    {
        var problems = new List<ExportProblem>();
        var previous = "";
        Guid? stream = null;
        long version = 0, events = 0;
        ExportHead? head = null;
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0) continue;
            if (head is not null)
            {
                problems.Add(new(number, null, "A line follows the head line."));
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("head", out var headElement))
                {
                    head = headElement.Deserialize<ExportHead>(Json)
                           ?? throw new JsonException("The head line is empty.");
                    continue;
                }
                var @event = document.RootElement.Deserialize<ExportedEvent>(Json)
                             ?? throw new JsonException("The line is empty.");
                events++;
                stream ??= @event.StreamId;
                if (@event.StreamId != stream)
                    problems.Add(new(number, @event.Version, $"Belongs to stream {@event.StreamId}, not {stream}."));
                if (@event.Version != version + 1)
                    problems.Add(new(number, @event.Version,
                        $"Version {@event.Version} follows version {version}: events are missing, inserted or " +
                        "reordered."));
                var header = @event.Headers.ValueKind == JsonValueKind.Object
                             && @event.Headers.TryGetProperty(HashChain.Header, out var h) ? h.GetString() : null;
                if (@event.Hash is null || header != @event.Hash
                    || HashChain.Link(previous, @event.Chained()) != @event.Hash)
                    problems.Add(new(number, @event.Version,
                        $"Version {@event.Version} does not match its hash: its content, place or time was changed, " +
                        "or an earlier line was."));
                previous = @event.Hash ?? "";
                version = @event.Version;
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException
                                          or InvalidOperationException or NotSupportedException)
            {
                problems.Add(new(number, null, $"Not an exported event: {e.Message}"));
            }
        }
        if (head is null) problems.Add(new(number, null, "The head line is missing: the export was cut short."));
        else
        {
            if (stream is not null && head.StreamId != stream)
                problems.Add(new(number, null, $"The head names stream {head.StreamId}, not {stream}."));
            if (head.Version != version || head.Events != events)
                problems.Add(new(number, null, $"The head says {head.Events} events up to version {head.Version}; " +
                                               $"the file has {events} up to {version}."));
            if (!head.Hash.Equals(previous, StringComparison.OrdinalIgnoreCase))
                problems.Add(new(number, null, "The head's hash is not the last event's hash."));
        }
        return problems;
    }
}

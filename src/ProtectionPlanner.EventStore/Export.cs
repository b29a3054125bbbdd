using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// One event of an exported record, exactly as stored: the metadata and data JSON text the hash was computed over, the
/// time in microseconds (the stored precision), and the chain hash. <c>At</c> is the same time for people.
/// </summary>
public sealed record ExportedEvent(
    Guid StreamId, long Version, long Position, long TimestampMicros, DateTimeOffset At, string Type, int TypeVersion,
    string Metadata, string Data, string Hash);

/// <summary>The last line of an export: the stream's head (its last version and hash) and how many events precede it.</summary>
public sealed record ExportHead(Guid StreamId, long Version, string Hash, long Events, DateTimeOffset ExportedAt);

/// <summary>One problem an offline check found in an export, naming the line and, when known, the stream version.</summary>
public sealed record ExportProblem(int Line, long? Version, string Description);

/// <summary>
/// A stream's record as JSON lines (one <see cref="ExportedEvent"/> per line, then <c>{"head": ...}</c>), and its check
/// without a database: every line's hash is recomputed from its content and its predecessor's hash with
/// <see cref="EventHash"/>, versions must follow each other from 1, and the head must name the last event's hash. Any
/// edited, removed, inserted or reordered line, or a changed head, is found.
/// </summary>
public static class RecordExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An event as one line of an export.</summary>
    public static string Line(ExportedEvent @event) => JsonSerializer.Serialize(@event, Json);

    /// <summary>The head as the last line of an export.</summary>
    public static string HeadLine(ExportHead head) => JsonSerializer.Serialize(new { head }, Json);

    /// <summary>Checks an export's lines; no problem means the file is the record as exported.</summary>
    public static IReadOnlyList<ExportProblem> Verify(IEnumerable<string> lines)
    {
        var problems = new List<ExportProblem>();
        var previous = Array.Empty<byte>();
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
                    head = headElement.Deserialize<ExportHead>(Json);
                    continue;
                }
                var @event = document.RootElement.Deserialize<ExportedEvent>(Json)!;
                events++;
                stream ??= @event.StreamId;
                if (@event.StreamId != stream) problems.Add(new(number, @event.Version, $"Belongs to stream {@event.StreamId}, not {stream}."));
                if (@event.Version != version + 1)
                    problems.Add(new(number, @event.Version, $"Version {@event.Version} follows version {version}: events are missing, inserted or reordered."));
                var digest = EventHash.Digest(@event.Type, @event.TypeVersion, @event.Metadata, @event.Data);
                var at = DateTimeOffset.UnixEpoch.AddTicks(@event.TimestampMicros * 10);
                var hash = EventHash.Link(previous, @event.StreamId, @event.Version, @event.Position, at, digest);
                if (!Convert.ToHexStringLower(hash).Equals(@event.Hash, StringComparison.OrdinalIgnoreCase))
                    problems.Add(new(number, @event.Version, $"Version {@event.Version} does not match its hash: its content, place or time was changed, or an earlier line was."));
                previous = Convert.FromHexString(@event.Hash);
                version = @event.Version;
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
            {
                problems.Add(new(number, null, $"Not an exported event: {e.Message}"));
            }
        }
        if (head is null) problems.Add(new(number, null, "The head line is missing: the export was cut short."));
        else
        {
            if (head.StreamId != stream && stream is not null) problems.Add(new(number, null, $"The head names stream {head.StreamId}, not {stream}."));
            if (head.Version != version || head.Events != events)
                problems.Add(new(number, null, $"The head says {head.Events} events up to version {head.Version}; the file has {events} up to {version}."));
            if (!head.Hash.Equals(Convert.ToHexStringLower(previous), StringComparison.OrdinalIgnoreCase))
                problems.Add(new(number, null, "The head's hash is not the last event's hash."));
        }
        return problems;
    }
}

public sealed partial class EventStore
{
    /// <summary>A stream's events exactly as stored, for export, in version order.</summary>
    public async IAsyncEnumerable<ExportedEvent> ExportStreamAsync(Guid streamId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand("""
            select stream_id, version, position, timestamp, type, type_version, metadata::text, data::text, hash
            from eventstore.events where stream_id = @stream_id order by version
            """);
        command.Parameters.AddWithValue("stream_id", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = reader.GetFieldValue<DateTimeOffset>(3);
            yield return new ExportedEvent(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), EventHash.UnixMicroseconds(at), at,
                reader.GetString(4), reader.GetInt32(5), reader.GetString(6), reader.GetString(7), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(8)));
        }
    }
}

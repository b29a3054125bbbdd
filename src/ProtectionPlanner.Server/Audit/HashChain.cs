using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// What the hash chain covers of an event: where it sits (stream, version), what it is (id, type alias, data) and
/// what the record says of it (time to the microsecond, user, correlation, causation, headers other than the hash).
/// </summary>
public sealed record ChainedEvent(
    Guid StreamId, long Version, Guid Id, string Type, DateTimeOffset Timestamp, string? UserName,
    string? CorrelationId, string? CausationId, JsonElement Headers, JsonElement Data);

/// <summary>
/// A stream's head as its last commit left it: the anchor that shows a deleted tail or a deleted stream, which the
/// chain alone cannot (a chain cut short is still a valid chain). Written in the transaction of every append.
/// </summary>
public sealed record StreamHead(Guid Id, long Version, string Hash);

/// <summary>
/// The per-stream hash chain. An event's hash is the lowercase hex SHA-256 of the RFC 8785 canonical form of
/// <c>{"causationId", "correlationId", "data", "headers" (without "hash"), "id", "previous" (the hash of the event
/// before it; "" for the first), "stream", "timestamp" (µs since 1970), "type", "userName", "version"}</c>. It is kept
/// in the event's <c>hash</c> header; <see cref="StreamHead"/> keeps each stream's last one. Marten stores data and
/// headers as <c>jsonb</c>, which rewrites their text; the canonical form is what a row, an export and this process
/// agree on, so anyone holding an export can check it without a database.
/// </summary>
public static class HashChain
{
    public const string Header = "hash";

    /// <summary>Registers the chain with a Marten store: the head documents and the listener that links each
    /// append.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<StreamHead>().DocumentAlias("stream_head");
        options.Listeners.Add(new HashChainListener());
    }

    /// <summary>The hash of <paramref name="e"/> following an event whose hash is
    /// <paramref name="previous"/>.</summary>
    public static string Link(string previous, ChainedEvent e)
    {
        var text = new StringBuilder();
        // Members in canonical (UTF-16 code unit) order, written as CanonicalJson would write them.
        text.Append("{\"causationId\":");
        Text(text, e.CausationId);
        text.Append(",\"correlationId\":");
        Text(text, e.CorrelationId);
        text.Append(",\"data\":");
        CanonicalJson.Write(text, e.Data);
        text.Append(",\"headers\":");
        CanonicalJson.WriteObject(text, e.Headers.ValueKind == JsonValueKind.Object
            ? e.Headers.EnumerateObject().Where(h => h.Name != Header).Select(h => (h.Name, h.Value))
            : []);
        text.Append(",\"id\":");
        Text(text, e.Id.ToString("D"));
        text.Append(",\"previous\":");
        Text(text, previous);
        text.Append(",\"stream\":");
        Text(text, e.StreamId.ToString("D"));
        text.Append(",\"timestamp\":").Append(CanonicalJson.Number(Microseconds(e.Timestamp)));
        text.Append(",\"type\":");
        Text(text, e.Type);
        text.Append(",\"userName\":");
        Text(text, e.UserName);
        text.Append(",\"version\":").Append(CanonicalJson.Number(e.Version)).Append('}');
        return Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(text)));
    }

    /// <summary>Microseconds since 1970-01-01 UTC: PostgreSQL's timestamp precision.</summary>
    public static long Microseconds(DateTimeOffset timestamp) => (timestamp.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>The moment as PostgreSQL keeps it: UTC, whole microseconds.</summary>
    public static DateTimeOffset Stored(DateTimeOffset timestamp) =>
        new(timestamp.UtcTicks - timestamp.UtcTicks % 10, TimeSpan.Zero);

    private static void Text(StringBuilder text, string? value)
    {
        if (value is null) text.Append("null");
        else CanonicalJson.WriteString(text, value);
    }
}

/// <summary>
/// Links every append to its stream's chain before Marten saves it: each new event gets its version, its time to the
/// microsecond and its hash header, and the stream's <see cref="StreamHead"/> is stored in the same transaction. The
/// previous hash is the head this process committed last when the stream is still at that version (the usual case),
/// otherwise the head document. An append whose expected version is unknown gets the head's version as its
/// expectation, so that two writers can never link to the same event: Marten's append then refuses the later one.
/// </summary>
internal sealed class HashChainListener : DocumentSessionListenerBase
{
    private readonly KnownHeads heads = new(10_000);

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        foreach (var stream in session.PendingChanges.Streams())
        {
            if (stream.Events.Count == 0) continue;
            var (version, previous) = await PreviousAsync(session, stream, token);
            foreach (var e in stream.Events)
            {
                e.Version = ++version;
                e.Timestamp = HashChain.Stored(e.Timestamp);
                e.Headers?.Remove(HashChain.Header); // a save tried again links afresh
                previous = HashChain.Link(previous, Chained(serializer, stream.Id, e));
                e.SetHeader(HashChain.Header, previous);
            }
            session.Store(new StreamHead(stream.Id, version, previous));
        }
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var stream in commit.GetStreams())
        {
            if (stream.Events.Count > 0 && stream.Events[^1].GetHeader(HashChain.Header) is string hash)
                heads.Committed(stream.Id, stream.Events[^1].Version, hash);
        }
        return Task.CompletedTask;
    }

    private async Task<(long Version, string Hash)> PreviousAsync(
        IDocumentSession session, StreamAction stream, CancellationToken token)
    {
        var expected = stream.ExpectedVersionOnServer;
        if (expected is { } known && heads.HashAt(stream.Id, known) is { } cached) return (known, cached);
        if (expected == 0) return (0, "");
        var head = await session.LoadAsync<StreamHead>(stream.Id, token);
        if (expected is null)
        {
            expected = head?.Version ?? 0;
            stream.ExpectedVersionOnServer = expected;
        }
        if (expected == 0) return (0, "");
        if (head is not null && head.Version == expected) return (head.Version, head.Hash);
        // The head document is not at the version this writer folded (it is behind, so its append will be refused,
        // or the record was tampered with): link to the stored event at that version, as verification will.
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var stored = await session.QueryAsync<string>(
            $"select headers ->> '{HashChain.Header}' from {schema}.mt_events where stream_id = ? and version = ?",
            token, stream.Id, expected.Value);
        return (expected.Value, stored.FirstOrDefault() ?? throw new InvalidOperationException(
            $"Stream {stream.Id} has no hash at version {expected}: run `audit verify` before appending to it."));
    }

    /// <summary>The event as Marten will write it: data and headers serialised by the store's own
    /// serializer.</summary>
    private static ChainedEvent Chained(ISerializer serializer, Guid streamId, IEvent e) => new(
        streamId, e.Version, e.Id, e.EventTypeName, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId,
        Json(serializer, e.Headers ?? []), Json(serializer, e.Data));

    private static JsonElement Json(ISerializer serializer, object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.WriteTo(buffer, value);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// The heads this process committed. A committed event never changes, so a head stays true while its stream is
    /// at that version; when another writer moved the stream on, the append's version check refuses the new event.
    /// Only committed heads are kept, so a rolled-back save cannot leave a head that is not in the database.
    /// Bounded: when full, it starts over.
    /// </summary>
    private sealed class KnownHeads(int capacity)
    {
        private readonly ConcurrentDictionary<Guid, (long Version, string Hash)> heads = new();

        public string? HashAt(Guid streamId, long version) =>
            heads.TryGetValue(streamId, out var head) && head.Version == version ? head.Hash : null;

        public void Committed(Guid streamId, long version, string hash)
        {
            // Count takes every lock: asked for new streams only.
            if (!heads.ContainsKey(streamId) && heads.Count >= capacity) heads.Clear();
            heads.AddOrUpdate(streamId, (version, hash),
                (_, known) => version > known.Version ? (version, hash) : known);
        }
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// The per-stream hash chain. An event's hash is
/// <c>SHA-256(previous hash | stream id | version | position | timestamp | content digest)</c>, and its content digest is
/// <c>SHA-256(UTF-8 of type \n type version \n metadata JSON \n data JSON)</c> over the exact stored JSON text.
/// The database computes the same functions (see the migration), so a stored row, an export and this code agree byte
/// for byte, and anyone holding an export can check it without a database.
/// </summary>
public static class EventHash
{
    /// <summary>The digest of an event's content: what it says, independent of where it sits.</summary>
    public static byte[] Digest(string type, int typeVersion, string metadataJson, string dataJson) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{type}\n{typeVersion}\n{metadataJson}\n{dataJson}"));

    /// <summary>Chains an event to its predecessor's hash (empty for a stream's first event).</summary>
    public static byte[] Link(
        ReadOnlySpan<byte> previous, Guid streamId, long version, long position, DateTimeOffset timestamp, ReadOnlySpan<byte> digest)
    {
        Span<byte> buffer = stackalloc byte[previous.Length + 16 + 8 + 8 + 8 + digest.Length];
        previous.CopyTo(buffer);
        var rest = buffer[previous.Length..];
        streamId.TryWriteBytes(rest, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(rest[16..], version);
        BinaryPrimitives.WriteInt64BigEndian(rest[24..], position);
        BinaryPrimitives.WriteInt64BigEndian(rest[32..], UnixMicroseconds(timestamp));
        digest.CopyTo(rest[40..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>Microseconds since 1970-01-01 UTC: PostgreSQL's timestamp precision.</summary>
    public static long UnixMicroseconds(DateTimeOffset timestamp) => (timestamp.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
}

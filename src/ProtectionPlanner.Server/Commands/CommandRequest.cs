using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// How a command arrived: who sent it, its Idempotency-Key, the reason the user gave (query <c>reason</c>), its
/// correlation id and If-Match. Read from the request by Wolverine middleware before the endpoint runs.
/// </summary>
public sealed class CommandRequest
{
    public const int MaxReasonLength = 2000;
    public const int MaxIdempotencyKeyLength = 100;

    private readonly string? ifMatch;
    private int endpointIds;

    public CommandRequest(Actor actor, string? idempotencyKey, string? reason, string? correlationId, string? ifMatch)
    {
        Actor = actor;
        IdempotencyKey = idempotencyKey;
        Reason = reason;
        CorrelationId = correlationId;
        this.ifMatch = ifMatch;
        CommandId = idempotencyKey is null ? Guid.NewGuid().ToString() : $"{actor.UserName}:{idempotencyKey}";
    }

    public Actor Actor { get; }

    /// <summary>A repeat with the same key (per user) answers the first outcome and appends nothing.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>Why, in the user's words; stored with every event.</summary>
    public string? Reason { get; }

    /// <summary>Ties the events to the request's logs and trace.</summary>
    public string? CorrelationId { get; }

    /// <summary>Stored with the events: per user, so two users' keys never collide.</summary>
    public string CommandId { get; }

    /// <summary>The keyed request's <see cref="FingerprintOf"/>, once the command is made.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>Reads a command request: <c>Idempotency-Key</c>, <c>?reason=</c> and the correlation id (bounded, no U+0000).</summary>
    public static CommandRequest Read(HttpContext http, Actor actor)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        Bounded(key, MaxIdempotencyKeyLength, "Idempotency-Key");
        var reason = http.Request.Query["reason"].ToString();
        Bounded(reason, MaxReasonLength, "reason");
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        return new CommandRequest(actor, key.Length == 0 ? null : key, reason.Length == 0 ? null : reason,
            Operations.Logs.CorrelationId(http), ifMatch.Length == 0 ? null : ifMatch);
    }

    /// <summary>The version in If-Match (<c>"12"</c>), or null when absent.</summary>
    public long? IfMatch
    {
        get
        {
            if (ifMatch is null) return null;
            var value = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
            return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : throw new BadRequest(400, "validation", "Invalid request", "must be a version in quotes, as in ETag: \"12\".", "If-Match");
        }
    }

    /// <summary>The version in If-Match; an edit that does not say which version it edits is refused (428).</summary>
    public long RequiredIfMatch() => IfMatch
        ?? throw new BadRequest(428, "precondition-required", "If-Match required",
            "Send If-Match with the version (ETag) of what you edit, so a concurrent change is not overwritten.");

    /// <summary>
    /// An id for an item the command creates. With an idempotency key it derives from the key and the user, so a
    /// repeat names the same item and another user's command with the same key names another.
    /// </summary>
    public Guid NewId() => Next(ref endpointIds);

    /// <summary>New ids for the decision, counted afresh (the first equals the endpoint's first).</summary>
    public Func<Guid> DecisionIds()
    {
        var counter = 0;
        return () => Next(ref counter);
    }

    /// <summary>Identifies the request (where it came, <c>POST /api/...</c>, and the command it made): a key reused for
    /// a different request is refused.</summary>
    public string FingerprintOf(string route, object command) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{route} {JsonSerializer.Serialize(command, command.GetType(), Hashed)}")));

    private Guid Next(ref int counter)
    {
        if (IdempotencyKey is null) return Guid.NewGuid();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{CommandId}#{Interlocked.Increment(ref counter)}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static void Bounded(string text, int maxLength, string field)
    {
        if (text.Length > maxLength)
            throw new BadRequest(400, "validation", "Invalid request", $"is longer than {maxLength} characters.", field);
        if (TextWithoutNul.Holds(text)) throw new BadRequest(400, "validation", "Invalid request", TextWithoutNul.Refusal, field);
    }

    /// <summary>A number a body overflowed to infinity (<c>-1e400</c>) is written rather than thrown on: validation
    /// refuses it with 400 afterwards.</summary>
    private static readonly JsonSerializerOptions Hashed = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

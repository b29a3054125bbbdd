using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Api;

/// <summary>What a command returns: the stream version it produced (wait for views to reach it), its global position,
/// whether it changed anything, and the item it created or changed, as it is now.</summary>
public sealed record CommandResponse(Guid StreamId, long Version, long? Position, bool Changed, object? Item);

/// <summary>The HTTP side of commands: preconditions and keys from headers, and responses with ETag and Location.</summary>
public static class CommandHttp
{
    public const int MaxReasonLength = 2000;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>Reads the Idempotency-Key header, the reason (query <c>reason</c>) and the correlation id.</summary>
    public static CommandOptions Options(HttpContext http, object? body = null, long? expectedStreamVersion = null)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
            throw new BadRequest(400, "validation", "Invalid request", $"is longer than {MaxIdempotencyKeyLength} characters.", "Idempotency-Key");
        if (TextWithoutNul.Holds(key)) throw new BadRequest(400, "validation", "Invalid request", TextWithoutNul.Refusal, "Idempotency-Key");
        var reason = http.Request.Query["reason"].ToString();
        if (reason.Length > MaxReasonLength)
            throw new BadRequest(400, "validation", "Invalid request", $"is longer than {MaxReasonLength} characters.", "reason");
        if (TextWithoutNul.Holds(reason)) throw new BadRequest(400, "validation", "Invalid request", TextWithoutNul.Refusal, "reason");
        return new CommandOptions(
            key.Length == 0 ? null : key,
            expectedStreamVersion,
            reason.Length == 0 ? null : reason,
            Operations.Logs.CorrelationId(http), // the same id as the request's logging scope
            RequestHash(http, body));
    }

    /// <summary>The id of the item a command creates: derived from the Idempotency-Key and the user when there is one.</summary>
    public static Guid NewId(HttpContext http, object body) => Options(http, body).NewIds(Actor(http).UserName)();

    /// <summary>The version in If-Match (<c>"12"</c>), or null when absent.</summary>
    public static long? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return null;
        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new BadRequest(400, "validation", "Invalid request", "must be a version in quotes, as in ETag: \"12\".", "If-Match");
    }

    /// <summary>The version in If-Match; a request that edits without saying which version it edits is refused (428).</summary>
    public static long RequiredIfMatch(HttpContext http) => IfMatch(http)
        ?? throw new BadRequest(428, "precondition-required", "If-Match required",
            "Send If-Match with the version (ETag) of what you edit, so a concurrent change is not overwritten.");

    /// <summary>A whole-number query parameter from <paramref name="min"/> to <paramref name="max"/>, or null when absent (400 otherwise).</summary>
    public static long? QueryNumber(HttpContext http, string name, long min, long max)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new BadRequest(400, "validation", "Invalid request", $"must be a whole number from {min} to {max}.", name);
    }

    public static Actor Actor(HttpContext http) => http.Actor(http.RequestServices.GetRequiredService<IOptions<AuthOptions>>());

    /// <summary>200 with the response, or 201 with Location when <paramref name="created"/> names the new resource.</summary>
    public static IResult Respond<TState>(HttpContext http, Outcome<TState> outcome, object? item = null, long? itemVersion = null, string? created = null)
    {
        http.Response.Headers.ETag = $"\"{itemVersion ?? outcome.Version}\"";
        var response = new CommandResponse(outcome.StreamId, outcome.Version, outcome.Position, outcome.Changed, item);
        return created is not null && outcome.Changed ? TypedResults.Created(created, response) : TypedResults.Ok(response);
    }

    /// <summary>200 with a representation and its ETag.</summary>
    public static IResult Representation(HttpContext http, object body, long version)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(body);
    }

    private static string RequestHash(HttpContext http, object? body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{http.Request.Method} {http.Request.Path} {(body is null ? "" : JsonSerializer.Serialize(body, body.GetType(), HashedBody))}")));

    /// <summary>
    /// The serialiser's defaults, except that a number the request body overflowed to infinity (<c>-1e400</c>) is
    /// written rather than thrown on: validation refuses it with 400 afterwards. Finite bodies hash as they always did.
    /// </summary>
    private static readonly JsonSerializerOptions HashedBody = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

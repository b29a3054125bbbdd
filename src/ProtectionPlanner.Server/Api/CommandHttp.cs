using System.Globalization;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Api;

/// <summary>What a command returns: the stream version it produced (wait for views to reach it), its global position,
/// whether it changed anything, and the item it created or changed, as it is now.</summary>
public sealed record CommandResponse(Guid StreamId, long Version, long? Position, bool Changed, object? Item);

/// <summary>The HTTP side of reads: query parameters, the signed-in actor, representations with their ETag.</summary>
public static class CommandHttp
{
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

    /// <summary>200 with a representation and its ETag.</summary>
    public static IResult Representation(HttpContext http, object body, long version)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(body);
    }
}

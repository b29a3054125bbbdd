using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Document;

/// <summary>
/// The session a printed page is rendered with (<see cref="ChromiumPdf"/>): the caller's own, so the page reads what
/// they may read, in the language they asked for. Shared by every document the server prints.
/// </summary>
public static class PrintSession
{
    /// <summary>The UI's session object for the caller: token, user, display name and language.</summary>
    public static JsonObject Of(HttpContext http)
    {
        var actor = CommandHttp.Actor(http);
        return new JsonObject
        {
            ["token"] = BearerToken(http), ["userName"] = actor.UserName,
            ["displayName"] = http.User.FindFirst("name")?.Value ?? actor.UserName,
            ["language"] = Language(http.Request),
        };
    }

    /// <summary>"fr" when the request's Accept-Language prefers French to English, else "en".</summary>
    public static string Language(HttpRequest request)
    {
        var preferred = StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages)
            ? languages.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1)
                .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
                .FirstOrDefault(l => l is "fr" or "en")
            : null;
        return preferred ?? "en";
    }

    /// <summary>The caller's own token, which the page then uses as they would: it reads what they may read.</summary>
    private static string BearerToken(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ",
            StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            : throw new Forbidden("The document is rendered with the caller's bearer token, and none was sent.");
}

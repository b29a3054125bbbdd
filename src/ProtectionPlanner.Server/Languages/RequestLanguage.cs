using Microsoft.AspNetCore.Http.Headers;

namespace ProtectionPlanner.Server.Languages;

/// <summary>The languages the server writes its texts in.</summary>
public enum Language { En, Fr }

/// <summary>
/// The language of a request's texts (sentences, problems): the first of English and French in the order of the
/// client's <c>Accept-Language</c>, English when it names neither. A helper rather than <c>UseRequestLocalization</c>,
/// which would also switch the request's <c>CurrentCulture</c> and with it every unqualified format and parse.
/// </summary>
public static class RequestLanguage
{
    public static Language Of(HttpContext http)
    {
        IEnumerable<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> preferred;
        try
        {
            preferred = new RequestHeaders(http.Request.Headers).AcceptLanguage;
        }
        catch (FormatException)
        {
            return Language.En;
        }
        var first = preferred
            .Where(l => (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1) // stable: equal weights keep the client's order
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is "en" or "fr");
        return first == "fr" ? Language.Fr : Language.En;
    }

    /// <summary>"en" or "fr", as the web UI names its languages.</summary>
    public static string Code(this Language language) => language == Language.Fr ? "fr" : "en";
}

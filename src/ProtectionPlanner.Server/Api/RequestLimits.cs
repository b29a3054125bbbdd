using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Api;

public static class RequestLimits
{
    /// <summary>
    /// Refuses a body over Planner:MaxRequestBodyBytes with 413 before anything reads it, whatever the server: Kestrel
    /// enforces its own limit on bodies without a length, the test server does not.
    /// </summary>
    public static void UseRequestBodyLimit(this WebApplication app) => app.Use(async (http, next) =>
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<PlannerOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
            throw new BadRequest(413, "too-large", "Request body too large", $"The request body is {http.Request.ContentLength} bytes; the limit is {limit}.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        await next(http);
    });

    /// <summary>
    /// Refuses a body in a charset no decoder knows (<c>Content-Type: application/json; charset=nonsense</c>) with 415:
    /// the framework's JSON reader would throw on it as on a bug.
    /// </summary>
    public static void UseKnownCharset(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.Charset is { HasValue: true } charset && !IsKnown(charset.Value!))
            throw new BadRequest(415, "unsupported-media-type", "Unsupported media type", $"The charset '{charset}' is not a known encoding; send UTF-8.");
        await next(http);
    });

    private static bool IsKnown(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
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
}

using System.Text.RegularExpressions;

namespace ProtectionPlanner.Server.Api;

/// <summary>
/// Security headers on every response (the web UI, the API, refusals alike): no sniffing, no framing, no referrer, no
/// powerful browser features, and a Content-Security-Policy. The UI's pages may load scripts, styles and data only
/// from this origin (the Vite build has no inline script or style element; Preact sets styles through the CSSOM, which
/// CSP allows) and connect back to it over HTTP and WebSockets; every other response may load nothing.
/// </summary>
public static partial class SecurityHeaders
{
    /// <summary>The policy of everything that is not an HTML page: JSON, CSV, files, refusals.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>
    /// The policy of the UI's pages. <paramref name="publicHost"/> (<c>Planner:PublicHost</c>) names the WebSocket
    /// origin for browsers whose 'self' does not cover ws:; it comes from configuration, never from a request's Host.
    /// </summary>
    public static string PagePolicy(string? publicHost)
    {
        var sockets = string.IsNullOrEmpty(publicHost) ? "" : $" ws://{publicHost} wss://{publicHost}";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self'{sockets}; object-src 'none'; base-uri 'self'; form-action 'self'; " +
            "frame-ancestors 'none'";
    }

    /// <summary>Adds the headers as each response starts, so refusals written by the exception handler get them
    /// too.</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        var publicHost = app.Configuration["Planner:PublicHost"];
        if (!string.IsNullOrEmpty(publicHost) && !HostName().IsMatch(publicHost))
            throw new InvalidOperationException(
                $"Planner:PublicHost must be a host name or address with an optional port, not '{publicHost}'.");
        var pagePolicy = PagePolicy(publicHost);
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                var contentType = http.Response.ContentType;
                var page = contentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) is true;
                headers.ContentSecurityPolicy = page ? pagePolicy : ApiPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    /// <summary>A host name or address with an optional port: nothing that could end or extend a directive.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex HostName();
}

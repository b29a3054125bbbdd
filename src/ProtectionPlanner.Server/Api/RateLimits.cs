using System.Globalization;
using System.Threading.RateLimiting;
using System.Security.Claims;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Api;

/// <summary>Settings of <c>Planner:RateLimits</c>: requests allowed per minute (a fixed one-minute window); 0 turns a limit off.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Access tokens one client address may ask for per minute (the demo token endpoint).</summary>
    public int TokensPerMinute { get; set; } = 60;

    /// <summary>
    /// Commands (POST, PUT, PATCH, DELETE under /api) one user may send per minute; anonymous ones count per client
    /// address. 20 a second, far beyond a person at a keyboard; load tests and benchmarks of one user's many clients
    /// set it higher or to 0.
    /// </summary>
    public int WritesPerMinute { get; set; } = 1200;

    /// <summary>
    /// Hub method calls (subscribe, editing, ...) one user may make per minute on one node. 10 a second: a workspace
    /// makes a few when it opens a strategy and one each time its user opens an item.
    /// </summary>
    public int HubCallsPerMinute { get; set; } = 600;
}

/// <summary>
/// Rate limits on token issuance (per client address) and on commands (per user): over the limit a request is refused
/// with 429, <c>Retry-After</c> and <c>/problems/rate-limited</c>, before it is authorised or read. Hub calls have
/// theirs in <see cref="Live.HubCallFilter"/>. Each node counts for itself.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy of endpoints that issue access tokens.</summary>
    public const string TokenIssuance = "token-issuance";

    public static void AddPlannerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("Planner:RateLimits"));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RefuseAsync;
            limiter.AddPolicy(TokenIssuance, http => PerMinute($"tokens {Address(http)}", Limits(http).TokensPerMinute));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsCommand(http)
                ? PerMinute($"writes {Client(http)}", Limits(http).WritesPerMinute)
                : RateLimitPartition.GetNoLimiter(""));
        });
    }

    /// <summary>A command under /api that no endpoint policy (such as <see cref="TokenIssuance"/>) limits already.</summary>
    private static bool IsCommand(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        && (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method)
            || HttpMethods.IsPatch(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method))
        && http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null;

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    public static RateLimitPartition<string> PerMinute(string key, int limit) => limit <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>The signed-in user, or the client address of an anonymous request.</summary>
    private static string Client(HttpContext http) => UserName(http.User) is { } name ? $"user {name}" : $"address {Address(http)}";

    /// <summary>The signed-in user's name, or null.</summary>
    public static string? UserName(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true } identity ? identity.Name ?? user.FindFirst("sub")?.Value : null;

    /// <summary>The client's address (behind a reverse proxy, the forwarded one when forwarded headers are applied).</summary>
    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var tokens = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == TokenIssuance;
        http.RequestServices.GetRequiredService<PlannerMetrics>().RateLimited(tokens ? "tokens" : "writes");
        var seconds = RetryAfterSeconds(context.Lease);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = Problems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            $"Too many requests of this kind in the last minute; retry after {seconds} s.", ("retryAfterSeconds", seconds));
        problem.Instance = http.Request.Path;
        if (Languages.RequestLanguage.Of(http) == Languages.Language.Fr) ProblemsInFrench.Translate(problem, null);
        await http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
    }

    /// <summary>Whole seconds until a refused lease's window opens again (at least 1).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
}

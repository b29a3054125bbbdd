using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// Every hub method call passes here. Over <see cref="RateLimitOptions.HubCallsPerMinute"/> a user's call is refused
/// with a <c>rate-limited:</c> error before the method runs, and the connection stays open. A call the method refuses
/// (a <see cref="HubException"/>: not found, forbidden, ...) is logged as information, without a stack trace; any other
/// failure as an error. (SignalR's dispatcher would log both as errors; its lines are off, see <c>Logs</c>.)
/// </summary>
public sealed class HubCallFilter(IOptions<RateLimitOptions> options, PlannerMetrics metrics, ILogger<HubCallFilter> logger) : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(
        user => RateLimits.PerMinute(user, options.Value.HubCallsPerMinute));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var user = RateLimits.UserName(invocation.Context.User);
        try
        {
            using (var lease = limiter.AttemptAcquire(user ?? invocation.Context.ConnectionId))
            {
                if (!lease.IsAcquired)
                {
                    metrics.RateLimited("hub");
                    throw new HubException($"rate-limited: too many hub calls in the last minute; retry after {RateLimits.RetryAfterSeconds(lease)} s.");
                }
            }
            return await next(invocation);
        }
        catch (HubException refusal)
        {
            logger.LogInformation("Hub call {Method} of {User} on connection {ConnectionId} refused: {Refusal}",
                invocation.HubMethodName, user, invocation.Context.ConnectionId, refusal.Message);
            throw;
        }
        catch (Exception failure) when (!invocation.Context.ConnectionAborted.IsCancellationRequested)
        {
            logger.LogError(failure, "Hub call {Method} of {User} on connection {ConnectionId} failed",
                invocation.HubMethodName, user, invocation.Context.ConnectionId);
            throw;
        }
    }

    public void Dispose() => limiter.Dispose();
}

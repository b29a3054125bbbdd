using System.Globalization;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>Each component's workload period by period, counted by the domain as the coherence analysis counts it;
/// from the strategy as commands see it (its stream folded), so it is never behind a command's answer.</summary>
public static class CapacityQuery
{
    public static void MapCapacityQuery(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/strategies/{strategyId:guid}/capacity",
                async (Guid strategyId, HttpContext http, CancellationToken ct) =>
                {
                    var from = Date(http, "from");
                    var to = Date(http, "to");
                    var step = Step(http);
                    var minVersion = CommandHttp.QueryNumber(http, "minVersion", 0, long.MaxValue) ?? 0;
                    var waitMs = CommandHttp.QueryNumber(http, "waitMs", 0, LiveEndpoints.MaxWaitMs)
                        ?? LiveEndpoints.DefaultWaitMs;
                    var planning = await ReadAsync(http, strategyId, minVersion, waitMs, ct);
                    var mandate = planning.Mission.Mandate;
                    var capacity = CapacityOverTime.Of(planning.Strategy, planning.Mission, from ?? mandate.Start,
                        to ?? mandate.End, step);
                    return CommandHttp.Representation(http, capacity, planning.Strategy.Version);
                })
            .WithTags("Views")
            .WithSummary("Each component's commitments against its capacity, period by period (?from=&to= as "
                + "yyyy-mm-dd, the mandate's period when left out; ?step=month; at most 60 periods), counted as the "
                + "coherence analysis counts them. ?minVersion=N as for the view.")
            .Produces<List<ComponentCapacity>>();

    /// <summary>The strategy once it has reached <paramref name="minVersion"/> (a version it does not have yet may
    /// come from a command still committing), woken by the views' notifications.</summary>
    private static async Task<Planning> ReadAsync(
        HttpContext http, Guid strategyId, long minVersion, long waitMs, CancellationToken ct)
    {
        var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
        if (planning.Strategy.Version >= minVersion) return planning;
        var live = http.RequestServices.GetRequiredService<LiveViews>();
        var reached = await live.WaitUntilAsync($"s:{strategyId}", async token =>
        {
            planning = await StrategyHttp.ReadAsync(http, strategyId, token);
            return planning.Strategy.Version >= minVersion;
        }, TimeSpan.FromMilliseconds(waitMs), ct);
        return reached
            ? planning
            : throw new BadRequest(503, "view-behind", "View not at that version yet",
                $"Strategy {strategyId} has not reached version {minVersion} within {waitMs} ms; try again.");
    }

    private static DateOnly? Date(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0) return null;
        const DateTimeStyles strict = DateTimeStyles.None;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, strict, out var day)
            ? day
            : throw new BadRequest(400, "validation", "Invalid request", "must be a date as yyyy-mm-dd.", name);
    }

    private static CapacityStep Step(HttpContext http)
    {
        var text = http.Request.Query["step"].ToString();
        return text.Length == 0 || text.Equals("month", StringComparison.OrdinalIgnoreCase)
            ? CapacityStep.Month
            : throw new BadRequest(400, "validation", "Invalid request", "must be month.", "step");
    }
}

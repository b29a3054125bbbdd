using Marten;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>Reads strategies for their readers.</summary>
public static class StrategyHttp
{
    /// <summary>The strategy as it is now, with its mission, if the user may read the mission.</summary>
    public static async Task<Planning> ReadAsync(HttpContext http, Guid strategyId, CancellationToken ct)
    {
        var session = http.RequestServices.GetRequiredService<IDocumentSession>();
        var strategy = await session.LatestAsync<Strategy>(strategyId, ct);
        if (strategy is not { Exists: true }) throw new NotFound("Strategy", strategyId.ToString());
        var mission = await session.LatestAsync<Mission>(strategy.MissionId, ct) ?? Mission.None;
        Authorization.Authorize(CommandHttp.Actor(http), mission, Permission.ReadMission);
        return new Planning(strategy, mission);
    }
}

using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record OverviewRequest(Overview Overview);

public static class UpdateOverviewEndpoint
{
    [Tags("Strategies")]
    [WolverinePut("/api/strategies/{strategyId:guid}/overview",
        Summary = "Sets purpose, scope and principles. If-Match: the overview's version (\"0\" before the first).")]
    public static StrategyCommand<UpdateOverview> Put(Guid strategyId, OverviewRequest body, CommandRequest request) =>
        new(new UpdateOverview(strategyId, request.RequiredIfMatch(), body.Overview), s => (s.Overview, s.OverviewStamp?.Version));
}

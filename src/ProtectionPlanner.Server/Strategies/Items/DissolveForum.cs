using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class DissolveForumEndpoint
{
    [Tags("Coordination")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/fora/{itemId:guid}",
        Summary = "Removes a coordination forum. If-Match: its version.")]
    public static StrategyCommand<DissolveForum> Delete(Guid strategyId, Guid itemId, CommandRequest request) =>
        new(new DissolveForum(strategyId, itemId, request.RequiredIfMatch()));
}

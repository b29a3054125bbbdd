using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class RetireEarlyWarningArrangementEndpoint
{
    [Tags("Coordination")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/early-warning/{itemId:guid}",
        Summary = "Removes a early-warning arrangement. If-Match: its version.")]
    public static StrategyCommand<RetireEarlyWarningArrangement> Delete(Guid strategyId, Guid itemId, CommandRequest request) =>
        new(new RetireEarlyWarningArrangement(strategyId, itemId, request.RequiredIfMatch()));
}

using ProtectionPlanner.Domain.Strategies.Partners;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class StopCountingOnPartnerEndpoint
{
    [Tags("Partners")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/partners/{partnerId:guid}",
        Summary = "The activity no longer counts on the partner. If-Match: the entry's version.")]
    public static StrategyCommand<StopCountingOnPartner> Delete(
        Guid strategyId, Guid activityId, Guid partnerId, CommandRequest request) =>
        new(new StopCountingOnPartner(strategyId, activityId, partnerId, request.RequiredIfMatch()));
}

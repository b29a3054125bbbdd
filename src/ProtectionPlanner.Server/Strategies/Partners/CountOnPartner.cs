using ProtectionPlanner.Domain.Strategies.Partners;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record PartnerSupportRequest(string Contribution);

public static class CountOnPartnerEndpoint
{
    [Tags("Partners")]
    [WolverinePut("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/partners/{partnerId:guid}",
        Summary = "The activity counts on a partner of the mission for a contribution (never in the workload). "
            + "If-Match: the entry's version (none for a new one).")]
    public static StrategyCommand<CountOnPartner> Put(
        Guid strategyId, Guid activityId, Guid partnerId, PartnerSupportRequest body, CommandRequest request) =>
        new(new CountOnPartner(strategyId, activityId, partnerId, body.Contribution, request.IfMatch),
            s => Answers.PartnerSupport(s, activityId, partnerId),
            request.IfMatch is null
                ? $"/api/strategies/{strategyId}/activities/{activityId}/partners/{partnerId}"
                : null);
}

using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviseEarlyWarningArrangementEndpoint
{
    [Tags("Coordination")]
    [WolverinePut("/api/strategies/{strategyId:guid}/early-warning/{itemId:guid}",
        Summary = "Revises a early-warning arrangement. If-Match: its version.")]
    public static StrategyCommand<ReviseEarlyWarningArrangement> Put(Guid strategyId, Guid itemId, DetailsRequest<EarlyWarningDetails> body, CommandRequest request) =>
        new(new ReviseEarlyWarningArrangement(strategyId, itemId, request.RequiredIfMatch(), body.Details), s => Answers.Item(s.EarlyWarning, itemId));
}

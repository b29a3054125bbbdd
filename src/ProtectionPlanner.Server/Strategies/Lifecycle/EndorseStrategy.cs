using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record CommentsRequest(string? Comments);

public static class EndorseStrategyEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/endorse",
        Summary = "Endorses a submitted strategy (the mission's protection forum). If-Match: the strategy's version; "
                  + "?reason= required.")]
    public static StrategyCommand<EndorseStrategy> Post(
        Guid strategyId, CommentsRequest body, CommandRequest request) =>
        new(new EndorseStrategy(strategyId, body.Comments, request.Reason), Answers.Lifecycle,
            ExpectedVersion: request.RequiredIfMatch());
}

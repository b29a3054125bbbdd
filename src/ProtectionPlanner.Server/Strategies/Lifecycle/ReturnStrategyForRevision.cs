using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record ReturnRequest(string Comments);

public static class ReturnStrategyForRevisionEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/return",
        Summary = "Returns the strategy for revision with comments (the reviewer of the current step). "
                  + "If-Match: the strategy's version; ?reason= required.")]
    public static StrategyCommand<ReturnStrategyForRevision> Post(
        Guid strategyId, ReturnRequest body, CommandRequest request) =>
        new(new ReturnStrategyForRevision(strategyId, body.Comments, request.Reason), Answers.Lifecycle,
            ExpectedVersion: request.RequiredIfMatch());
}

using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ApproveStrategyEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/approve",
        Summary = "Approves an endorsed strategy (Head of Mission). If-Match: the strategy's version; "
                  + "?reason= required.")]
    public static StrategyCommand<ApproveStrategy> Post(
        Guid strategyId, CommentsRequest body, CommandRequest request) =>
        new(new ApproveStrategy(strategyId, body.Comments, request.Reason), Answers.Lifecycle,
            ExpectedVersion: request.RequiredIfMatch());
}

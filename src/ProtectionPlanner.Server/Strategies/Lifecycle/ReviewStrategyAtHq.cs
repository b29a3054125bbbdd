using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviewStrategyAtHqEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/hq-review",
        Summary = "Records the HQ review of an approved strategy. If-Match: the strategy's version; "
                  + "?reason= required.")]
    public static StrategyCommand<ReviewStrategyAtHq> Post(
        Guid strategyId, CommentsRequest body, CommandRequest request) =>
        new(new ReviewStrategyAtHq(strategyId, body.Comments, request.Reason), Answers.Lifecycle,
            ExpectedVersion: request.RequiredIfMatch());
}

using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Review;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ResolveCommentEndpoint
{
    [Tags("Review")]
    [WolverinePost("/api/strategies/{strategyId:guid}/comments/{commentId:guid}/resolve",
        Summary = "Resolves a comment thread.")]
    public static StrategyCommand<ResolveComment> Post(Guid strategyId, Guid commentId) =>
        new(new ResolveComment(strategyId, commentId), s => Answers.Comment(s, commentId));
}

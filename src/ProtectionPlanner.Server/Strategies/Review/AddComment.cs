using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Review;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record CommentRequest(string Text, Guid? ParentId = null, string? ItemKind = null, Guid? ItemId = null);

public static class AddCommentEndpoint
{
    [Tags("Review")]
    [WolverinePost("/api/strategies/{strategyId:guid}/comments",
        Summary = "Comments on the strategy, or on an item (itemKind: objective, threat, activity, forum, earlyWarning, decision, handover; itemId), or replies to a thread (parentId).")]
    public static StrategyCommand<AddComment> Post(Guid strategyId, CommentRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AddComment(strategyId, id, body.ParentId, body.ItemKind, body.ItemId, body.Text), s => Answers.Comment(s, id),
            $"/api/strategies/{strategyId}/comments/{id}");
    }
}

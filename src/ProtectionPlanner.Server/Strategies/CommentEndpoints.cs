using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Review;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Strategies;

public sealed record CommentRequest(string Text, Guid? ParentId = null, string? ItemKind = null, Guid? ItemId = null);

/// <summary>Review comments: threads on the strategy or on an item, replies, resolution.</summary>
public static class CommentEndpoints
{
    public static void MapCommentEndpoints(this RouteGroupBuilder strategy)
    {
        var comments = strategy.MapGroup("/comments").WithTags("Review");
        comments.MapPost("/", (Guid strategyId, CommentRequest body, HttpContext http, CancellationToken ct) =>
            {
                var command = new AddComment(strategyId, CommandHttp.NewId(http, body), body.ParentId, body.ItemKind, body.ItemId, body.Text);
                return StrategyHttp.SendAsync(http, command, body, ct, s => Comment(s, command.CommentId),
                    created: $"/api/strategies/{strategyId}/comments/{command.CommentId}");
            })
            .WithSummary("Comments on the strategy, or on an item (itemKind: objective, threat, activity, forum, earlyWarning, decision, handover; itemId), or replies to a thread (parentId).");
        comments.MapPost("/{commentId:guid}/resolve", (Guid strategyId, Guid commentId, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ResolveComment(strategyId, commentId), null, ct, s => Comment(s, commentId)))
            .WithSummary("Resolves a comment thread.");
    }

    private static (object?, long?) Comment(Strategy strategy, Guid id) => strategy.Comment(id) is { } comment ? (comment, comment.Stamp.Version) : (null, null);
}

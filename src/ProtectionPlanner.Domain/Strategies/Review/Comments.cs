using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Review;

/// <summary>
/// A review comment on the strategy (no item) or on one of its items, or a reply in a comment's thread (the reply is
/// about what its thread is about). Anyone taking part in planning or review may comment, at any stage.
/// </summary>
public sealed record AddComment(Guid StrategyId, Guid CommentId, Guid? ParentId, string? ItemKind, Guid? ItemId, string Text)
    : IStrategyCommand<AddComment>
{
    /// <summary>The kinds of item a comment can be about.</summary>
    public static readonly string[] ItemKinds = ["objective", "threat", "activity", "forum", "earlyWarning", "decision", "handover"];

    public static Permission Permission => Permission.Comment;

    public void Validate()
    {
        var check = new Check().Required("text", Text, Check.LongText);
        if (ItemKind is not null && !ItemKinds.Contains(ItemKind)) check.Add("itemKind", $"must be one of {string.Join(", ", ItemKinds)}.");
        if ((ItemKind is null) != (ItemId is null)) check.Add("itemId", "itemKind and itemId go together.");
        if (ParentId is not null && ItemKind is not null) check.Add("itemKind", "a reply is about what its thread is about: give no item.");
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, AddComment command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        if (strategy.Comment(command.CommentId) is not null) throw new StateConflict("comment-exists", $"Comment {command.CommentId} exists already.");
        var (kind, item) = (command.ItemKind, command.ItemId);
        if (command.ParentId is { } parentId)
        {
            var parent = strategy.Comment(parentId) ?? throw new NotFound("Comment", parentId.ToString());
            if (parent.ParentId is not null) throw new StateConflict("reply-to-reply", "Reply to the thread's first comment; threads are one level deep.");
            if (parent.Resolved) throw new StateConflict("thread-resolved", "The thread is resolved: start a new one.");
            (kind, item) = (parent.ItemKind, parent.ItemId);
        }
        else if (item is { } id && !strategy.HasItem(kind!, id)) throw new NotFound(kind!, id.ToString());
        return [new CommentAdded(command.CommentId, command.ParentId, kind, item, command.Text.Trim())];
    }
}

/// <summary>Marks a comment thread resolved (its first comment); resolving a resolved thread changes nothing.</summary>
public sealed record ResolveComment(Guid StrategyId, Guid CommentId) : IStrategyCommand<ResolveComment>
{
    public static Permission Permission => Permission.Comment;

    public void Validate()
    {
    }

    public static IReadOnlyList<object> Decide(Planning planning, ResolveComment command, DecisionContext context)
    {
        var comment = StrategyRules.Existing(planning).Comment(command.CommentId) ?? throw new NotFound("Comment", command.CommentId.ToString());
        if (comment.ParentId is not null) throw new StateConflict("resolve-thread", "Resolve the thread's first comment, not a reply.");
        return comment.Resolved ? [] : [new CommentResolved(comment.Id)];
    }
}

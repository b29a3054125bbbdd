using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Review;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class CommentTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Thread = Specification.NewId(200);
    private static readonly Guid Reply = Specification.NewId(201);

    private static Specification Submitted() =>
        StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack())).Given(ReviewedUpTo(Stage.Submitted));

    private static Specification WithThread() =>
        Submitted().GivenBy("reviewer1", new CommentAdded(Thread, null, "threat", Threat, "Is the likelihood still 3 after the JMAC report?"));

    [Fact]
    public void A_reviewer_comments_on_a_threat_of_a_submitted_strategy()
    {
        var events = Submitted().When(new AddComment(StrategyId, Thread, null, "threat", Threat, "  Is the likelihood still 3?  "));

        Specification.Then(events, new CommentAdded(Thread, null, "threat", Threat, "Is the likelihood still 3?"));
    }

    [Fact]
    public void A_reply_is_about_what_its_thread_is_about_and_both_are_kept_with_who_wrote_them()
    {
        var spec = WithThread();

        var events = spec.When(new AddComment(StrategyId, Reply, Thread, null, null, "Raised to 4 in the next revision."));
        Specification.Then(events, new CommentAdded(Reply, Thread, "threat", Threat, "Raised to 4 in the next revision."));

        var comments = spec.GivenBy("planner1", events.ToArray()).Strategy.Comments;
        Assert.Equal([("reviewer1", (Guid?)null), ("planner1", Thread)], comments.Select(c => (c.Stamp.ChangedBy, c.ParentId)));
    }

    [Fact]
    public void Resolving_a_thread_marks_it_and_who_resolved_it_and_resolving_again_changes_nothing()
    {
        var spec = WithThread();

        var events = spec.When(new ResolveComment(StrategyId, Thread));
        Specification.Then(events, new CommentResolved(Thread));
        var resolved = spec.GivenBy("planner2", events.ToArray());

        Assert.Equal((true, "planner2"), (resolved.Strategy.Comment(Thread)!.Resolved, resolved.Strategy.Comment(Thread)!.ResolvedBy));
        Specification.ThenNothing(resolved.When(new ResolveComment(StrategyId, Thread)));
        Specification.ThenConflict(() => resolved.When(new AddComment(StrategyId, Reply, Thread, null, null, "One more thing")), "thread-resolved");
    }

    [Fact]
    public void Replies_are_one_level_deep_and_only_a_thread_is_resolved()
    {
        var spec = WithThread().Given(new CommentAdded(Reply, Thread, "threat", Threat, "Raised to 4."));

        Specification.ThenConflict(() => spec.When(new AddComment(StrategyId, Specification.NewId(202), Reply, null, null, "And?")), "reply-to-reply");
        Specification.ThenConflict(() => spec.When(new ResolveComment(StrategyId, Reply)), "resolve-thread");
        Specification.ThenConflict(() => spec.When(new AddComment(StrategyId, Thread, null, null, null, "Again")), "comment-exists");
    }

    [Fact]
    public void Comments_on_unknown_items_threads_or_comments_are_not_found()
    {
        var spec = WithThread();
        var unknown = Specification.NewId(999);

        Specification.ThenNotFound(() => spec.When(new AddComment(StrategyId, Reply, null, "activity", unknown, "Which?")), "activity", unknown.ToString());
        Specification.ThenNotFound(() => spec.When(new AddComment(StrategyId, Reply, unknown, null, null, "Which?")), "Comment", unknown.ToString());
        Specification.ThenNotFound(() => spec.When(new ResolveComment(StrategyId, unknown)), "Comment", unknown.ToString());
    }

    [Fact]
    public void A_comment_needs_text_a_known_item_kind_an_id_with_its_kind_and_no_item_on_a_reply()
    {
        var spec = WithThread();

        Specification.ThenInvalid(() => spec.When(new AddComment(StrategyId, Reply, null, null, null, " ")), "text");
        Specification.ThenInvalid(() => spec.When(new AddComment(StrategyId, Reply, null, "budget", Threat, "Hm")), "itemKind");
        Specification.ThenInvalid(() => spec.When(new AddComment(StrategyId, Reply, null, "threat", null, "Hm")), "itemId");
        Specification.ThenInvalid(() => spec.When(new AddComment(StrategyId, Reply, Thread, "threat", Threat, "Hm")), "itemKind");
    }

    [Theory]
    [InlineData(Role.Planner, true)]
    [InlineData(Role.Reviewer, true)]
    [InlineData(Role.HeadOfMission, true)]
    [InlineData(Role.Observer, false)]
    [InlineData(Role.Player, false)]
    public void Planners_and_reviewers_comment_observers_and_players_do_not(Role role, bool may) =>
        Assert.Equal(may, Access.ActingRole(Permission.Comment, role, []) is not null);
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class CoordinationTests
{
    private static readonly Guid Forum = Specification.NewId(400);
    private static readonly Guid Arrangement = Specification.NewId(500);
    private static readonly Guid Unknown = Specification.NewId(900);

    /// <summary>A draft with the Senior Management Group on Protection (version 2).</summary>
    private static Specification WithForum() => StrategyInDraft().Given(new ForumEstablished(Forum, SeniorManagementGroup()));

    /// <summary>A draft with the Unity community alert network (version 2).</summary>
    private static Specification WithArrangement() => StrategyInDraft().Given(new EarlyWarningArrangementDefined(Arrangement, CommunityAlertNetwork()));

    [Fact]
    public void Establishing_a_forum_records_it_with_its_members()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new EstablishForum(StrategyId, Forum, SeniorManagementGroup())), new ForumEstablished(Forum, SeniorManagementGroup()));
    }

    [Fact]
    public void An_established_forum_is_stamped_and_has_no_code()
    {
        var forum = StrategyInDraft().GivenBy("planner2", new ForumEstablished(Forum, SeniorManagementGroup())).Strategy.Fora.Single();

        Assert.Equal((null, 3, 2L, "planner2"), (forum.Code, forum.Details.Members.Count, forum.Stamp.Version, forum.Stamp.ChangedBy));
    }

    [Fact]
    public void Establishing_a_forum_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithForum();

        Specification.ThenConflict(() => spec.When(new EstablishForum(StrategyId, Forum, SeniorManagementGroup())), "item-exists");
    }

    [Fact]
    public void A_forum_without_id_or_name_or_of_an_undefined_level_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = SeniorManagementGroup() with { Name = "", Level = (ForumLevel)42 };

        Specification.ThenInvalid(() => spec.When(new EstablishForum(StrategyId, Guid.Empty, details)), "forumId", "details.name", "details.level");
    }

    [Fact]
    public void Oversized_texts_and_blank_members_of_a_forum_are_each_named()
    {
        var spec = StrategyInDraft();
        var details = new ForumDetails("POC working group", ForumLevel.Field, Over(Check.ShortText), ["Civil Affairs", " "], Over(Check.ShortText), Over(Check.LongText));

        Specification.ThenInvalid(() => spec.When(new EstablishForum(StrategyId, Forum, details)),
            "details.chair", "details.members[1]", "details.meetingFrequency", "details.termsOfReference");
    }

    [Fact]
    public void A_forum_with_more_than_fifty_members_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = SeniorManagementGroup() with { Members = Enumerable.Range(1, Check.ListSize + 1).Select(i => $"Member {i}").ToList() };

        Specification.ThenInvalid(() => spec.When(new EstablishForum(StrategyId, Forum, details)), "details.members");
    }

    [Fact]
    public void A_missing_forum_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new EstablishForum(StrategyId, Forum, null!)), "details");
    }

    [Fact]
    public void Revising_a_forum_records_the_new_details()
    {
        var spec = WithForum();

        Specification.Then(spec.When(new ReviseForum(StrategyId, Forum, 2, SeniorManagementGroup("DSRSG"))), new ForumRevised(Forum, SeniorManagementGroup("DSRSG")));
    }

    [Fact]
    public void Revising_a_forum_with_identical_details_changes_nothing()
    {
        var spec = WithForum();

        Specification.ThenNothing(spec.When(new ReviseForum(StrategyId, Forum, 2, SeniorManagementGroup())));
    }

    [Fact]
    public void Revising_a_forum_changed_by_someone_else_since_is_an_item_conflict_naming_the_forum_and_them()
    {
        var spec = WithForum().GivenBy("planner2", new ForumRevised(Forum, SeniorManagementGroup("DSRSG")));

        var conflict = Specification.ThenItemConflict(() => spec.When(new ReviseForum(StrategyId, Forum, 2, SeniorManagementGroup("Force Commander"))),
            "'Senior Management Group on Protection'", 2, 3, "planner2");

        Assert.Equal("DSRSG", Assert.IsType<Item<ForumDetails>>(conflict.CurrentItem).Details.Chair);
    }

    [Fact]
    public void Revising_an_unknown_forum_is_not_found()
    {
        var spec = WithForum();

        Specification.ThenNotFound(() => spec.When(new ReviseForum(StrategyId, Unknown, 2, SeniorManagementGroup())), "Forum", Unknown.ToString());
    }

    [Fact]
    public void Revising_a_forum_to_a_blank_name_is_invalid()
    {
        var spec = WithForum();

        Specification.ThenInvalid(() => spec.When(new ReviseForum(StrategyId, Forum, 2, SeniorManagementGroup() with { Name = " " })), "details.name");
    }

    [Fact]
    public void Dissolving_a_forum_records_it_and_removes_it()
    {
        var spec = WithForum();

        var events = spec.When(new DissolveForum(StrategyId, Forum, 2));

        Specification.Then(events, new ForumDissolved(Forum));
        Assert.Empty(spec.Given([.. events]).Strategy.Fora);
    }

    [Fact]
    public void Dissolving_a_forum_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithForum().GivenBy("planner2", new ForumRevised(Forum, SeniorManagementGroup("DSRSG")));

        Specification.ThenItemConflict(() => spec.When(new DissolveForum(StrategyId, Forum, 2)), "'Senior Management Group on Protection'", 2, 3, "planner2");
    }

    [Fact]
    public void Dissolving_an_unknown_forum_is_not_found()
    {
        var spec = WithForum();

        Specification.ThenNotFound(() => spec.When(new DissolveForum(StrategyId, Unknown, 2)), "Forum", Unknown.ToString());
    }

    [Fact]
    public void Defining_an_early_warning_arrangement_records_its_alert_path()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, CommunityAlertNetwork())),
            new EarlyWarningArrangementDefined(Arrangement, CommunityAlertNetwork()));
    }

    [Fact]
    public void A_defined_arrangement_keeps_the_steps_of_its_alert_path_in_order()
    {
        var arrangement = StrategyInDraft().Given(new EarlyWarningArrangementDefined(Arrangement, CommunityAlertNetwork())).Strategy.EarlyWarning.Single();

        Assert.Equal([AlertStep.Received, AlertStep.Verified, AlertStep.Escalated], arrangement.Details.AlertPath.Select(s => s.Step));
    }

    [Fact]
    public void Defining_an_arrangement_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithArrangement();

        Specification.ThenConflict(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, CommunityAlertNetwork())), "item-exists");
    }

    [Fact]
    public void Defining_an_arrangement_covering_an_unknown_area_is_not_found()
    {
        var spec = StrategyInDraft();

        Specification.ThenNotFound(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, CommunityAlertNetwork(Unity, Unknown))),
            "Area of operation (details.areaIds)", Unknown.ToString());
    }

    [Fact]
    public void Alert_path_steps_are_checked_one_by_one()
    {
        var spec = StrategyInDraft();
        var details = CommunityAlertNetwork() with
        {
            AlertPath = [new AlertPathStep((AlertStep)42, "JOC", null), new AlertPathStep(AlertStep.Verified, " ", Over(Check.ShortText))],
        };

        Specification.ThenInvalid(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, details)),
            "details.alertPath[0].step", "details.alertPath[1].responsible", "details.alertPath[1].timeTarget");
    }

    [Fact]
    public void An_arrangement_without_id_or_name_of_an_undefined_kind_with_oversized_coverage_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = CommunityAlertNetwork() with { Name = "", Kind = (EarlyWarningKind)42, Coverage = Over(Check.LongText) };

        Specification.ThenInvalid(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Guid.Empty, details)),
            "arrangementId", "details.name", "details.kind", "details.coverage");
    }

    [Fact]
    public void An_arrangement_covering_more_than_fifty_areas_is_invalid()
    {
        var spec = StrategyInDraft();
        var details = CommunityAlertNetwork([.. Enumerable.Range(1000, Check.ListSize + 1).Select(Specification.NewId)]);

        Specification.ThenInvalid(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, details)), "details.areaIds");
    }

    [Fact]
    public void An_arrangement_without_a_list_of_areas_is_invalid_rather_than_a_crash()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, CommunityAlertNetwork() with { AreaIds = null! })),
            "details.areaIds");
    }

    [Fact]
    public void A_missing_arrangement_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, null!)), "details");
    }

    [Fact]
    public void Revising_an_arrangement_records_the_new_details()
    {
        var spec = WithArrangement();
        var details = CommunityAlertNetwork() with { Kind = EarlyWarningKind.CommunityLiaisonAssistants };

        Specification.Then(spec.When(new ReviseEarlyWarningArrangement(StrategyId, Arrangement, 2, details)), new EarlyWarningArrangementRevised(Arrangement, details));
    }

    [Fact]
    public void Revising_an_arrangement_with_identical_details_changes_nothing()
    {
        var spec = WithArrangement();

        Specification.ThenNothing(spec.When(new ReviseEarlyWarningArrangement(StrategyId, Arrangement, 2, CommunityAlertNetwork())));
    }

    [Fact]
    public void Revising_an_arrangement_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithArrangement().GivenBy("planner2", new EarlyWarningArrangementRevised(Arrangement, CommunityAlertNetwork() with { Coverage = "Unity state" }));

        Specification.ThenItemConflict(() => spec.When(new ReviseEarlyWarningArrangement(StrategyId, Arrangement, 2, CommunityAlertNetwork() with { Coverage = "Bentiu" })),
            "'Unity community alert network'", 2, 3, "planner2");
    }

    [Fact]
    public void Revising_an_unknown_arrangement_is_not_found()
    {
        var spec = WithArrangement();

        Specification.ThenNotFound(() => spec.When(new ReviseEarlyWarningArrangement(StrategyId, Unknown, 2, CommunityAlertNetwork())),
            "Early-warning arrangement", Unknown.ToString());
    }

    [Fact]
    public void Revising_an_arrangement_to_cover_an_unknown_area_is_not_found()
    {
        var spec = WithArrangement();

        Specification.ThenNotFound(() => spec.When(new ReviseEarlyWarningArrangement(StrategyId, Arrangement, 2, CommunityAlertNetwork(Unknown))),
            "Area of operation (details.areaIds)", Unknown.ToString());
    }

    [Fact]
    public void Revising_an_arrangement_to_a_blank_name_is_invalid()
    {
        var spec = WithArrangement();

        Specification.ThenInvalid(() => spec.When(new ReviseEarlyWarningArrangement(StrategyId, Arrangement, 2, CommunityAlertNetwork() with { Name = "" })),
            "details.name");
    }

    [Fact]
    public void Retiring_an_arrangement_records_it_and_removes_it()
    {
        var spec = WithArrangement();

        var events = spec.When(new RetireEarlyWarningArrangement(StrategyId, Arrangement, 2));

        Specification.Then(events, new EarlyWarningArrangementRetired(Arrangement));
        Assert.Empty(spec.Given([.. events]).Strategy.EarlyWarning);
    }

    [Fact]
    public void Retiring_an_arrangement_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithArrangement().GivenBy("planner2", new EarlyWarningArrangementRevised(Arrangement, CommunityAlertNetwork() with { Coverage = "Unity state" }));

        Specification.ThenItemConflict(() => spec.When(new RetireEarlyWarningArrangement(StrategyId, Arrangement, 2)),
            "'Unity community alert network'", 2, 3, "planner2");
    }

    [Fact]
    public void Retiring_an_unknown_arrangement_is_not_found()
    {
        var spec = WithArrangement();

        Specification.ThenNotFound(() => spec.When(new RetireEarlyWarningArrangement(StrategyId, Unknown, 2)), "Early-warning arrangement", Unknown.ToString());
    }

    [Fact]
    public void Defining_an_arrangement_with_an_unknown_area_in_an_approved_strategy_is_refused_as_approved()
    {
        var spec = StrategyInDraft().Given(ReviewedUpTo(Stage.Approved));

        Specification.ThenConflict(() => spec.When(new DefineEarlyWarningArrangement(StrategyId, Arrangement, CommunityAlertNetwork(Unknown))), "strategy-approved");
    }
}

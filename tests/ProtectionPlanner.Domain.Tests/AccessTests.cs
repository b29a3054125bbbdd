using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Tests;

public sealed class AccessTests
{
    [Theory]
    [InlineData(Permission.EditStrategy, Role.Planner)]
    [InlineData(Permission.SubmitStrategy, Role.Planner)]
    [InlineData(Permission.EditMissionProfile, Role.Planner)]
    [InlineData(Permission.EndorseStrategy, Role.Reviewer)]
    [InlineData(Permission.ReturnStrategyForRevision, Role.Reviewer)]
    [InlineData(Permission.ApproveStrategy, Role.HeadOfMission)]
    [InlineData(Permission.ReturnStrategyForRevision, Role.HeadOfMission)]
    [InlineData(Permission.ReadMission, Role.Controller)]
    [InlineData(Permission.ReadMission, Role.Player)]
    [InlineData(Permission.ReadMission, Role.Observer)]
    public void A_mission_role_acts_in_itself_where_it_is_granted(Permission permission, Role role)
    {
        Assert.Equal(role, Access.ActingRole(permission, role, []));
    }

    [Theory]
    [InlineData(Permission.EditStrategy, Role.Reviewer)]
    [InlineData(Permission.EditStrategy, Role.HeadOfMission)]
    [InlineData(Permission.EndorseStrategy, Role.Planner)]
    [InlineData(Permission.EndorseStrategy, Role.HeadOfMission)]
    [InlineData(Permission.ApproveStrategy, Role.Reviewer)]
    [InlineData(Permission.ReturnStrategyForRevision, Role.Planner)]
    [InlineData(Permission.ManageMembers, Role.Planner)]
    [InlineData(Permission.RegisterMission, Role.Planner)]
    [InlineData(Permission.ReviewStrategyAtHq, Role.HeadOfMission)]
    [InlineData(Permission.EditStrategy, Role.Controller)]
    [InlineData(Permission.EditStrategy, Role.Player)]
    public void A_mission_role_is_refused_what_it_is_not_granted(Permission permission, Role role)
    {
        Assert.Null(Access.ActingRole(permission, role, []));
    }

    [Fact]
    public void An_observer_reads_everything_and_changes_nothing()
    {
        var allowed = Enum.GetValues<Permission>().Where(p => Access.ActingRole(p, Role.Observer, []) is not null);

        Assert.Equal([Permission.ReadMission], allowed);
    }

    [Theory]
    [InlineData(Permission.ReadMission)]
    [InlineData(Permission.ReviewStrategyAtHq)]
    [InlineData(Permission.ReturnStrategyForRevision)]
    public void An_HQ_reviewer_acts_across_missions_without_a_mission_role(Permission permission)
    {
        Assert.Equal(Role.HqReviewer, Access.ActingRole(permission, null, [Role.HqReviewer]));
    }

    [Theory]
    [InlineData(Permission.EditStrategy)]
    [InlineData(Permission.ApproveStrategy)]
    [InlineData(Permission.EndorseStrategy)]
    [InlineData(Permission.ManageMembers)]
    public void An_HQ_reviewer_does_not_plan_endorse_approve_or_manage_members(Permission permission)
    {
        Assert.Null(Access.ActingRole(permission, null, [Role.HqReviewer]));
    }

    [Theory]
    [InlineData(Permission.RegisterMission)]
    [InlineData(Permission.ManageMembers)]
    [InlineData(Permission.EditMissionProfile)]
    [InlineData(Permission.ReadMission)]
    public void An_administrator_registers_missions_and_manages_them(Permission permission)
    {
        Assert.Equal(Role.Administrator, Access.ActingRole(permission, null, [Role.Administrator]));
    }

    [Fact]
    public void An_administrator_does_not_edit_strategies()
    {
        Assert.Null(Access.ActingRole(Permission.EditStrategy, null, [Role.Administrator]));
    }

    [Fact]
    public void The_mission_role_comes_first_when_both_allow_the_permission()
    {
        Assert.Equal(Role.Planner, Access.ActingRole(Permission.EditMissionProfile, Role.Planner, [Role.Administrator]));
        Assert.Equal(Role.Reviewer, Access.ActingRole(Permission.ReturnStrategyForRevision, Role.Reviewer, [Role.HqReviewer]));
    }

    [Fact]
    public void A_global_role_applies_when_the_mission_role_does_not_allow_the_permission()
    {
        Assert.Equal(Role.Administrator, Access.ActingRole(Permission.ManageMembers, Role.Planner, [Role.Administrator]));
    }

    [Fact]
    public void The_first_global_role_that_allows_the_permission_is_the_one_acted_in()
    {
        Assert.Equal(Role.HqReviewer, Access.ActingRole(Permission.ReadMission, null, [Role.HqReviewer, Role.Administrator]));
        Assert.Equal(Role.Administrator, Access.ActingRole(Permission.ManageMembers, null, [Role.HqReviewer, Role.Administrator]));
    }

    [Fact]
    public void Mission_roles_claimed_as_global_roles_grant_nothing()
    {
        Assert.Null(Access.ActingRole(Permission.EditStrategy, null, [Role.Planner]));
        Assert.Null(Access.ActingRole(Permission.ApproveStrategy, null, [Role.HeadOfMission, Role.Reviewer]));
    }

    [Fact]
    public void Someone_without_any_role_may_do_nothing()
    {
        Assert.All(Enum.GetValues<Permission>(), permission => Assert.Null(Access.ActingRole(permission, null, [])));
    }

    [Fact]
    public void Every_permission_is_granted_to_some_role()
    {
        var roles = Enum.GetValues<Role>();

        Assert.All(Enum.GetValues<Permission>(), permission =>
            Assert.Contains(roles, role => Access.ActingRole(permission, role, []) is not null || Access.ActingRole(permission, null, [role]) is not null));
    }

    [Fact]
    public void Only_HQ_reviewers_and_administrators_are_global_roles()
    {
        Assert.Equal([Role.HqReviewer, Role.Administrator], Access.GlobalRoles.Order());
    }
}

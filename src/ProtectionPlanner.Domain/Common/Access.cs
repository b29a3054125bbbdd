namespace ProtectionPlanner.Domain.Common;

/// <summary>The roles people act in. The first six are held per mission; the last two across all missions.</summary>
public enum Role
{
    /// <summary>Drafts and maintains the mission's POC strategy (POC adviser, strategic planners, component focal points).</summary>
    Planner,
    /// <summary>Member of the mission's protection forum: endorses a submitted strategy or returns it.</summary>
    Reviewer,
    /// <summary>Head of Mission (SRSG): approves an endorsed strategy or returns it.</summary>
    HeadOfMission,
    /// <summary>Runs table-top exercises (director, controllers).</summary>
    Controller,
    /// <summary>Plays in table-top exercises, for a component.</summary>
    Player,
    /// <summary>Reads everything of the mission, changes nothing (also exercise observers and evaluators).</summary>
    Observer,
    /// <summary>Headquarters reviewer: reads and reviews the strategies of every mission.</summary>
    HqReviewer,
    /// <summary>Registers missions and assigns their members.</summary>
    Administrator,
}

/// <summary>What a command needs to be allowed.</summary>
public enum Permission
{
    ReadMission,
    RegisterMission,
    ManageMembers,
    EditMissionProfile,
    EditStrategy,
    SubmitStrategy,
    EndorseStrategy,
    ApproveStrategy,
    ReviewStrategyAtHq,
    ReturnStrategyForRevision,
    Comment,
    RunExercises,
}

/// <summary>Who may do what: a pure function of the roles a user holds.</summary>
public static class Access
{
    public static readonly IReadOnlySet<Role> GlobalRoles = new HashSet<Role> { Role.HqReviewer, Role.Administrator };

    private static readonly Dictionary<Permission, Role[]> Grants = new()
    {
        [Permission.ReadMission] = [Role.Planner, Role.Reviewer, Role.HeadOfMission, Role.Controller, Role.Player, Role.Observer, Role.HqReviewer, Role.Administrator],
        [Permission.RegisterMission] = [Role.Administrator],
        [Permission.ManageMembers] = [Role.Administrator],
        [Permission.EditMissionProfile] = [Role.Planner, Role.Administrator],
        [Permission.EditStrategy] = [Role.Planner],
        [Permission.SubmitStrategy] = [Role.Planner],
        [Permission.EndorseStrategy] = [Role.Reviewer],
        [Permission.ApproveStrategy] = [Role.HeadOfMission],
        [Permission.ReviewStrategyAtHq] = [Role.HqReviewer],
        [Permission.ReturnStrategyForRevision] = [Role.Reviewer, Role.HeadOfMission, Role.HqReviewer],
        [Permission.Comment] = [Role.Planner, Role.Reviewer, Role.HeadOfMission, Role.HqReviewer],
        [Permission.RunExercises] = [Role.Controller],
    };

    /// <summary>
    /// The role in which a user holding <paramref name="missionRole"/> (in the mission concerned, if any) and
    /// <paramref name="globalRoles"/> may exercise <paramref name="permission"/>, or null when none allows it.
    /// The mission role comes first: it is the more specific.
    /// </summary>
    public static Role? ActingRole(Permission permission, Role? missionRole, IEnumerable<Role> globalRoles)
    {
        var granted = Grants[permission];
        if (missionRole is { } role && granted.Contains(role)) return role;
        return globalRoles.Where(GlobalRoles.Contains).Cast<Role?>().FirstOrDefault(global => granted.Contains(global!.Value));
    }
}

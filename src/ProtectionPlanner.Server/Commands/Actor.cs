using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>The signed-in user: their name and the roles they hold across missions.</summary>
public sealed record Actor(string UserName, IReadOnlySet<Role> GlobalRoles);

/// <summary>The role a command is made in: the mission role decisions see, and the name recorded with the events
/// (the exercise role, in an exercise).</summary>
public readonly record struct Acting(Role Role, string Name);

/// <summary>The user may not do this in this mission (HTTP 403). <c>Code</c> and <c>Facts</c>, where set, let the
/// refusal be said in another language.</summary>
public sealed class Forbidden(string message) : Exception(message)
{
    public string? Code { get; init; }

    public IReadOnlyDictionary<string, string> Facts { get; init; } = ErrorFacts.None;
}

/// <summary>The whole-stream precondition failed: the stream moved since the version the client read (HTTP 412).</summary>
public sealed class PreconditionFailed(long currentVersion)
    : Exception($"The resource is at version {currentVersion}, not the version your request was based on.")
{
    public long CurrentVersion { get; } = currentVersion;
}

/// <summary>Who may do what in a mission: the role the actor acts in, or <see cref="Forbidden"/>.</summary>
public static class Authorization
{
    /// <summary>The role the actor reads or acts in within <paramref name="mission"/>, or <see cref="Forbidden"/>.</summary>
    public static Role Authorize(Actor actor, Mission mission, Permission permission) => Acting(actor, mission, permission).Role;

    public static Acting Acting(Actor actor, Mission mission, Permission permission) =>
        Access.ActingRole(permission, mission.Exists ? mission.RoleOf(actor.UserName) : null, actor.GlobalRoles) is { } role
            ? new Acting(role, role.ToString())
            : throw new Forbidden(mission.Exists
                ? $"{actor.UserName} may not {Describe(permission)} in mission {mission.Acronym}."
                : $"{actor.UserName} may not {Describe(permission)}.")
            {
                Code = mission.Exists ? "permission-in-mission" : "permission",
                Facts = ErrorFacts.Of(("user", actor.UserName), ("permission", permission),
                    ("mission", mission.Acronym)),
            };

    private static string Describe(Permission permission) => permission switch
    {
        Permission.ReadMission => "read",
        Permission.RegisterMission => "register missions",
        Permission.ManageMembers => "manage members",
        Permission.EditMissionProfile => "edit the mission's profile",
        Permission.EditStrategy => "edit the strategy",
        Permission.SubmitStrategy => "submit the strategy",
        Permission.EndorseStrategy => "endorse the strategy",
        Permission.ApproveStrategy => "approve the strategy",
        Permission.ReviewStrategyAtHq => "review the strategy for HQ",
        Permission.Comment => "comment on the strategy",
        Permission.RunExercises => "run exercises",
        _ => "return the strategy for revision",
    };
}

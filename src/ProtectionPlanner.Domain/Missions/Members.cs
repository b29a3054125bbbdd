using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

/// <summary>Gives a user a role in the mission (replacing any role they had); players name the component they play.</summary>
public sealed record AssignMember(Guid MissionId, string UserName, Role Role, Guid? ComponentId) : IMissionCommand<AssignMember>
{
    public static Permission Permission => Permission.ManageMembers;

    public void Validate() =>
        new Check().Required("userName", UserName).Defined("role", Role)
            .That(!Access.GlobalRoles.Contains(Role), "role", "is held across missions, not given per mission.")
            .That(Role != Role.Player || ComponentId is not null, "componentId", "is required for a player.")
            .ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Mission mission, AssignMember command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        if (command.ComponentId is { } component && mission.Component(component) is null)
            throw new NotFound("Component", component.ToString());
        var current = mission.Members.FirstOrDefault(m => m.UserName == command.UserName);
        return current == new Member(command.UserName, command.Role, command.ComponentId)
            ? []
            : [new MemberAssigned(command.UserName, command.Role, command.ComponentId)];
    }
}

public sealed record RemoveMember(Guid MissionId, string UserName) : IMissionCommand<RemoveMember>
{
    public static Permission Permission => Permission.ManageMembers;

    public void Validate() => new Check().Required("userName", UserName).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Mission mission, RemoveMember command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        if (mission.Members.All(m => m.UserName != command.UserName)) throw new NotFound("Member", command.UserName);
        return [new MemberRemoved(command.UserName)];
    }
}

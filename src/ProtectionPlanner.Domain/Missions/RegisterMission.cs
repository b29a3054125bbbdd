using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

public sealed record RegisterMission(Guid MissionId, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate)
    : IMissionCommand<RegisterMission>
{
    public static Permission Permission => Permission.RegisterMission;

    public void Validate()
    {
        var check = new Check().NotEmpty("missionId", MissionId).Required("name", Name).Required("acronym", Acronym, 20)
            .Defined("kind", Kind).Required("hostState", HostState);
        if (Mandate is null) check.Add("mandate", "is required.");
        else MissionRules.Check(check, "mandate", Mandate);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Mission mission, RegisterMission command, DecisionContext context)
    {
        if (mission.Exists) throw new StateConflict("mission-exists", $"Mission {command.MissionId} is already registered.");
        return [new MissionRegistered(command.MissionId, command.Name.Trim(), command.Acronym.Trim(), command.Kind, command.HostState.Trim(), command.Mandate)];
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

public sealed record AddAreaOfOperation(Guid MissionId, Guid AreaId, string Name, string? Description) : IMissionCommand<AddAreaOfOperation>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate() => new Check().NotEmpty("areaId", AreaId).Required("name", Name).Text("description", Description).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Mission mission, AddAreaOfOperation command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        if (mission.Areas.Any(a => a.Id == command.AreaId || a.Name.Equals(command.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            throw new StateConflict("area-exists",
                $"The mission already has an area of operation named '{command.Name.Trim()}'.")
            { Facts = ErrorFacts.Of(("name", command.Name.Trim())) };
        return [new AreaOfOperationAdded(command.AreaId, command.Name.Trim(), command.Description)];
    }
}

/// <summary>Removes an area. <see cref="ItemVersion"/>: the area's version (null: whatever it is).</summary>
public sealed record RemoveAreaOfOperation(Guid MissionId, Guid AreaId, long? ItemVersion = null)
    : IMissionCommand<RemoveAreaOfOperation>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Mission mission, RemoveAreaOfOperation command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        var area = mission.Area(command.AreaId) ?? throw new NotFound("Area of operation", command.AreaId.ToString());
        MissionRules.Expect("Area of operation", area.Name, command.ItemVersion, area.Stamp, area);
        return [new AreaOfOperationRemoved(command.AreaId)];
    }
}

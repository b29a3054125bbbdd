using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

public sealed record AddComponent(Guid MissionId, Guid ComponentId, ComponentKind Kind, string Name, Capacity Capacity) : IMissionCommand<AddComponent>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate()
    {
        var check = new Check().NotEmpty("componentId", ComponentId).Defined("kind", Kind).Required("name", Name);
        if (Capacity is null) check.Add("capacity", "is required.");
        else MissionRules.Check(check, "capacity", Capacity);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Mission mission, AddComponent command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        if (mission.Components.Any(c => c.Id == command.ComponentId || c.Name.Equals(command.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            throw new StateConflict("component-exists",
                $"The mission already has a component '{command.Name.Trim()}'.")
            { Facts = ErrorFacts.Of(("name", command.Name.Trim())) };
        return [new ComponentAdded(command.ComponentId, command.Kind, command.Name.Trim(), command.Capacity)];
    }
}

/// <summary>Renames a component or changes its capacity (personnel and named assets). <see cref="ItemVersion"/>: the
/// component's version (null: whatever it is).</summary>
public sealed record ReviseComponent(
    Guid MissionId, Guid ComponentId, string Name, Capacity Capacity, long? ItemVersion = null)
    : IMissionCommand<ReviseComponent>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate()
    {
        var check = new Check().Required("name", Name);
        if (Capacity is null) check.Add("capacity", "is required.");
        else MissionRules.Check(check, "capacity", Capacity);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Mission mission, ReviseComponent command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        var component = mission.Component(command.ComponentId)
            ?? throw new NotFound("Component", command.ComponentId.ToString());
        MissionRules.Expect("Component", component.Name, command.ItemVersion, component.Stamp, component);
        if (mission.Components.Any(c => c.Id != component.Id && c.Name.Equals(command.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            throw new StateConflict("component-exists",
                $"The mission already has a component '{command.Name.Trim()}'.")
            { Facts = ErrorFacts.Of(("name", command.Name.Trim())) };
        var sameCapacity = component.Capacity.Personnel == command.Capacity.Personnel && component.Capacity.Assets.SequenceEqual(command.Capacity.Assets);
        return component.Name == command.Name.Trim() && sameCapacity ? [] : [new ComponentRevised(command.ComponentId, command.Name.Trim(), command.Capacity)];
    }
}

/// <summary>Removes a component. <see cref="ItemVersion"/>: the component's version (null: whatever it is).</summary>
public sealed record RemoveComponent(Guid MissionId, Guid ComponentId, long? ItemVersion = null)
    : IMissionCommand<RemoveComponent>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Mission mission, RemoveComponent command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        var component = mission.Component(command.ComponentId)
            ?? throw new NotFound("Component", command.ComponentId.ToString());
        MissionRules.Expect("Component", component.Name, command.ItemVersion, component.Stamp, component);
        return [new ComponentRemoved(command.ComponentId)];
    }
}

using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public static class RemoveComponentEndpoint
{
    [Tags("Missions")]
    [WolverineDelete("/api/missions/{missionId:guid}/components/{componentId:guid}", Summary = "Removes a component.")]
    public static MissionCommand<RemoveComponent> Delete(Guid missionId, Guid componentId) => new(new RemoveComponent(missionId, componentId));
}

using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public static class RemoveComponentEndpoint
{
    [Tags("Missions")]
    [WolverineDelete("/api/missions/{missionId:guid}/components/{componentId:guid}",
        Summary = "Removes a component. If-Match (optional): the component's version.")]
    public static MissionCommand<RemoveComponent> Delete(Guid missionId, Guid componentId, CommandRequest request) =>
        new(new RemoveComponent(missionId, componentId, request.IfMatch));
}

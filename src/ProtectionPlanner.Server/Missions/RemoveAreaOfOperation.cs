using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public static class RemoveAreaOfOperationEndpoint
{
    [Tags("Missions")]
    [WolverineDelete("/api/missions/{missionId:guid}/areas/{areaId:guid}",
        Summary = "Removes an area of operation. If-Match (optional): the area's version.")]
    public static MissionCommand<RemoveAreaOfOperation> Delete(Guid missionId, Guid areaId, CommandRequest request) =>
        new(new RemoveAreaOfOperation(missionId, areaId, request.IfMatch));
}

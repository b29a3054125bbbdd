using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public static class RemovePartnerEndpoint
{
    [Tags("Missions")]
    [WolverineDelete("/api/missions/{missionId:guid}/partners/{partnerId:guid}",
        Summary = "Removes a partner. If-Match (optional): the partner's version.")]
    public static MissionCommand<RemovePartner> Delete(Guid missionId, Guid partnerId, CommandRequest request) =>
        new(new RemovePartner(missionId, partnerId, request.IfMatch));
}

using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public static class RemovePartnerEndpoint
{
    [Tags("Missions")]
    [WolverineDelete("/api/missions/{missionId:guid}/partners/{partnerId:guid}", Summary = "Removes a partner.")]
    public static MissionCommand<RemovePartner> Delete(Guid missionId, Guid partnerId) => new(new RemovePartner(missionId, partnerId));
}

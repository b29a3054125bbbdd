using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record MandateRequest(Mandate Mandate);

public static class UpdateMandateEndpoint
{
    [Tags("Missions")]
    [WolverinePut("/api/missions/{missionId:guid}/mandate", Summary = "Updates the mandate.")]
    public static MissionCommand<UpdateMandate> Put(Guid missionId, MandateRequest body) => new(new UpdateMandate(missionId, body.Mandate));
}

using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record MandateRequest(Mandate Mandate);

public static class UpdateMandateEndpoint
{
    [Tags("Missions")]
    [WolverinePut("/api/missions/{missionId:guid}/mandate",
        Summary = "Updates the mandate. If-Match (optional): the mandate's version; 409 with the current mandate when "
            + "someone changed it since.")]
    public static MissionCommand<UpdateMandate> Put(Guid missionId, MandateRequest body, CommandRequest request) =>
        new(new UpdateMandate(missionId, body.Mandate, request.IfMatch), MissionAnswers.Mandate);
}

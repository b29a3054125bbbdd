using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record PartnerRequest(PartnerKind Kind, string Name, string? Description);

public static class AddPartnerEndpoint
{
    [Tags("Missions")]
    [WolverinePost("/api/missions/{missionId:guid}/partners",
        Summary = "Adds a partner (UN Country Team agency, host-state body, civil society).")]
    public static MissionCommand<AddPartner> Post(Guid missionId, PartnerRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AddPartner(missionId, id, body.Kind, body.Name, body.Description),
            mission => MissionAnswers.Of(mission.Partner(id)), $"/api/missions/{missionId}/partners/{id}",
            request.IfMatch);
    }
}

using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record RegisterMissionRequest(Guid? MissionId, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate);

public static class RegisterMissionEndpoint
{
    [Tags("Missions")]
    [WolverinePost("/api/missions", Summary = "Registers a mission (administrators).")]
    public static MissionCommand<RegisterMission> Post(RegisterMissionRequest body, CommandRequest request)
    {
        var id = body.MissionId ?? request.NewId();
        return new(new RegisterMission(id, body.Name, body.Acronym, body.Kind, body.HostState, body.Mandate),
            mission => (MissionView.Of(mission, request.Actor), null), $"/api/missions/{id}", request.IfMatch);
    }
}

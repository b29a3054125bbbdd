using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record AreaRequest(string Name, string? Description);

public static class AddAreaOfOperationEndpoint
{
    [Tags("Missions")]
    [WolverinePost("/api/missions/{missionId:guid}/areas", Summary = "Adds an area of operation.")]
    public static MissionCommand<AddAreaOfOperation> Post(Guid missionId, AreaRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AddAreaOfOperation(missionId, id, body.Name, body.Description),
            mission => MissionAnswers.Of(mission.Area(id)), $"/api/missions/{missionId}/areas/{id}", request.IfMatch);
    }
}

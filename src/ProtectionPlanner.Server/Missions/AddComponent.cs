using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record AddComponentRequest(ComponentKind Kind, string Name, Capacity Capacity);

public static class AddComponentEndpoint
{
    [Tags("Missions")]
    [WolverinePost("/api/missions/{missionId:guid}/components", Summary = "Adds a component with its capacity.")]
    public static MissionCommand<AddComponent> Post(Guid missionId, AddComponentRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AddComponent(missionId, id, body.Kind, body.Name, body.Capacity),
            mission => MissionAnswers.Of(mission.Component(id)), $"/api/missions/{missionId}/components/{id}",
            request.IfMatch);
    }
}

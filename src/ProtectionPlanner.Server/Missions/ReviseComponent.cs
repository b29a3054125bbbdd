using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record ReviseComponentRequest(string Name, Capacity Capacity);

public static class ReviseComponentEndpoint
{
    [Tags("Missions")]
    [WolverinePut("/api/missions/{missionId:guid}/components/{componentId:guid}",
        Summary = "Renames a component or changes its capacity. If-Match (optional): the component's version; 409 with "
            + "the current component when someone changed it since.")]
    public static MissionCommand<ReviseComponent> Put(
        Guid missionId, Guid componentId, ReviseComponentRequest body, CommandRequest request) =>
        new(new ReviseComponent(missionId, componentId, body.Name, body.Capacity, request.IfMatch),
            mission => MissionAnswers.Of(mission.Component(componentId)));
}

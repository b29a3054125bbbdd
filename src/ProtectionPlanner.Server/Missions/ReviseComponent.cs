using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record ReviseComponentRequest(string Name, Capacity Capacity);

public static class ReviseComponentEndpoint
{
    [Tags("Missions")]
    [WolverinePut("/api/missions/{missionId:guid}/components/{componentId:guid}", Summary = "Renames a component or changes its capacity.")]
    public static MissionCommand<ReviseComponent> Put(Guid missionId, Guid componentId, ReviseComponentRequest body) =>
        new(new ReviseComponent(missionId, componentId, body.Name, body.Capacity), mission => mission.Component(componentId));
}

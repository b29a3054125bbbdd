using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public static class RemoveMemberEndpoint
{
    [Tags("Missions")]
    [WolverineDelete("/api/missions/{missionId:guid}/members/{userName}", Summary = "Removes a member (administrators).")]
    public static MissionCommand<RemoveMember> Delete(Guid missionId, string userName, CommandRequest request) =>
        new(new RemoveMember(missionId, userName), ExpectedVersion: request.IfMatch);
}

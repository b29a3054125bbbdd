using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Missions;

public sealed record MemberRequest(Role Role, Guid? ComponentId);

public static class AssignMemberEndpoint
{
    [Tags("Missions")]
    [WolverinePut("/api/missions/{missionId:guid}/members/{userName}", Summary = "Gives a user a role in the mission (administrators).")]
    public static MissionCommand<AssignMember> Put(
        Guid missionId, string userName, MemberRequest body, CommandRequest request) =>
        new(new AssignMember(missionId, userName, body.Role, body.ComponentId),
            mission => (mission.Members.FirstOrDefault(m => m.UserName == userName), null),
            ExpectedVersion: request.IfMatch);
}

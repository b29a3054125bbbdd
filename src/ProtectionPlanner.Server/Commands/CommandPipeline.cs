using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>What remains of the old pipeline while the read side moves (removed with the old engine).</summary>
public static class CommandPipeline
{
    public static Role Authorize(Actor actor, Mission mission, Permission permission) => Authorization.Authorize(actor, mission, permission);
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

public sealed record UpdateMandate(Guid MissionId, Mandate Mandate) : IMissionCommand<UpdateMandate>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate()
    {
        var check = new Check();
        if (Mandate is null) check.Add("mandate", "is required.");
        else MissionRules.Check(check, "mandate", Mandate);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Mission mission, UpdateMandate command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        return mission.Mandate == command.Mandate ? [] : [new MandateUpdated(command.Mandate)];
    }
}

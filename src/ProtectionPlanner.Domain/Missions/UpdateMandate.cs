using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

/// <summary>Renews or amends the mandate. <see cref="ItemVersion"/>: the mandate's version (null: whatever it
/// is).</summary>
public sealed record UpdateMandate(Guid MissionId, Mandate Mandate, long? ItemVersion = null)
    : IMissionCommand<UpdateMandate>
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
        MissionRules.Expect("Mandate", "of the mission", command.ItemVersion, mission.MandateStamp, mission.Mandate);
        return mission.Mandate == command.Mandate ? [] : [new MandateUpdated(command.Mandate)];
    }
}

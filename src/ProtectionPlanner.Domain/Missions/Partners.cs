using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

public sealed record AddPartner(Guid MissionId, Guid PartnerId, PartnerKind Kind, string Name, string? Description) : IMissionCommand<AddPartner>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate() =>
        new Check().NotEmpty("partnerId", PartnerId).Defined("kind", Kind).Required("name", Name).Text("description", Description).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Mission mission, AddPartner command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        if (mission.Partners.Any(p => p.Id == command.PartnerId || p.Name.Equals(command.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            throw new StateConflict("partner-exists",
                $"The mission already has a partner named '{command.Name.Trim()}'.")
            { Facts = ErrorFacts.Of(("name", command.Name.Trim())) };
        return [new PartnerAdded(command.PartnerId, command.Kind, command.Name.Trim(), command.Description)];
    }
}

/// <summary>Removes a partner. <see cref="ItemVersion"/>: the partner's version (null: whatever it is).</summary>
public sealed record RemovePartner(Guid MissionId, Guid PartnerId, long? ItemVersion = null)
    : IMissionCommand<RemovePartner>
{
    public static Permission Permission => Permission.EditMissionProfile;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Mission mission, RemovePartner command, DecisionContext context)
    {
        MissionRules.RequireExists(mission, command.MissionId);
        var partner = mission.Partner(command.PartnerId) ?? throw new NotFound("Partner", command.PartnerId.ToString());
        MissionRules.Expect("Partner", partner.Name, command.ItemVersion, partner.Stamp, partner);
        return [new PartnerRemoved(command.PartnerId)];
    }
}

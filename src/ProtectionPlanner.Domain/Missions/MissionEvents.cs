using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

// The vocabulary of a mission stream. Stored names: Events.Registry in the server.

public sealed record MissionRegistered(Guid MissionId, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate);

public sealed record MandateUpdated(Mandate Mandate);

public sealed record AreaOfOperationAdded(Guid AreaId, string Name, string? Description);

public sealed record AreaOfOperationRemoved(Guid AreaId);

public sealed record ComponentAdded(Guid ComponentId, ComponentKind Kind, string Name, Capacity Capacity);

public sealed record ComponentRevised(Guid ComponentId, string Name, Capacity Capacity);

public sealed record ComponentRemoved(Guid ComponentId);

public sealed record PartnerAdded(Guid PartnerId, PartnerKind Kind, string Name, string? Description);

public sealed record PartnerRemoved(Guid PartnerId);

public sealed record MemberAssigned(string UserName, Role Role, Guid? ComponentId);

public sealed record MemberRemoved(string UserName);

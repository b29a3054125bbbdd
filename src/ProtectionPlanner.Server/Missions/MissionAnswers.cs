using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Server.Missions;

/// <summary>The mandate with its stamp: what a mandate's edit answers.</summary>
public sealed record MandateItem(Mandate Mandate, ItemStamp? Stamp);

/// <summary>What mission commands answer: the item as it is now, and its version for the ETag.</summary>
public static class MissionAnswers
{
    public static (object? Item, long? Version) Of(Component? component) => (component, component?.Stamp?.Version);

    public static (object? Item, long? Version) Of(AreaOfOperation? area) => (area, area?.Stamp?.Version);

    public static (object? Item, long? Version) Of(Partner? partner) => (partner, partner?.Stamp?.Version);

    public static (object? Item, long? Version) Mandate(Mission mission) =>
        (new MandateItem(mission.Mandate, mission.MandateStamp), mission.MandateStamp?.Version);
}

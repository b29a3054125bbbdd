using System.Collections.Immutable;
using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

/// <summary>A multidimensional peacekeeping operation, a special political mission, or a regional/partnered one.</summary>
public enum MissionKind { Pko, Spm, Regional }

/// <summary>The components of a mission (DOMAIN.md).</summary>
public enum ComponentKind
{
    Military, Police, HumanRights, CivilAffairs, PoliticalAffairs, Ddr, GenderAndWomenProtection, ChildProtection,
    PublicInformation, Jmac, Joc, PocUnit, MissionLeadership,
}

/// <summary>Partners a plan can count on but not command.</summary>
public enum PartnerKind { UnCountryTeamAgency, HostStateSecurityForces, HostStateAuthority, CivilSociety, CommunityProtectionCommittee }

/// <summary>The Security Council mandate.</summary>
/// <param name="Resolution">For example S/RES/2677 (2023).</param>
/// <param name="Start">Start of the mandate period.</param>
/// <param name="End">End of the mandate period.</param>
/// <param name="PocMandated">Whether protection of civilians is mandated.</param>
/// <param name="Language">The POC language, typically "all necessary means ... without prejudice to the responsibility of the host state".</param>
public sealed record Mandate(string Resolution, DateOnly Start, DateOnly End, bool PocMandated, string? Language);

/// <summary>A named asset and how many (helicopters, armoured vehicles, ...).</summary>
public sealed record Asset(string Name, int Quantity);

/// <summary>What a component can commit: people and assets.</summary>
public sealed record Capacity(int Personnel, IReadOnlyList<Asset> Assets)
{
    public static Capacity None { get; } = new(0, []);
}

// An item's stamp is not positional, so that a state stored before items had stamps reads as stamps unknown (null).

public sealed record AreaOfOperation(Guid Id, string Name, string? Description)
{
    /// <summary>When the area last changed and by whom (its version is the If-Match of its edits).</summary>
    public ItemStamp? Stamp { get; init; }
}

public sealed record Component(Guid Id, ComponentKind Kind, string Name, Capacity Capacity)
{
    /// <summary>When the component last changed and by whom (its version is the If-Match of its edits).</summary>
    public ItemStamp? Stamp { get; init; }
}

public sealed record Partner(Guid Id, PartnerKind Kind, string Name, string? Description)
{
    /// <summary>When the partner last changed and by whom (its version is the If-Match of its edits).</summary>
    public ItemStamp? Stamp { get; init; }
}

/// <summary>A member's role in the mission, and for players the component they play.</summary>
public sealed record Member(string UserName, Role Role, Guid? ComponentId);

/// <summary>A mission as its events made it.</summary>
public sealed record Mission(
    Guid Id, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate,
    ImmutableList<AreaOfOperation> Areas, ImmutableList<Component> Components, ImmutableList<Partner> Partners,
    ImmutableList<Member> Members, long Version)
{
    /// <summary>The state before the first event.</summary>
    public static Mission None { get; } = new(
        Guid.Empty, "", "", MissionKind.Pko, "", new Mandate("", default, default, false, null), [], [], [], [], 0);

    /// <summary>When the mandate last changed and by whom: registration or its last update.</summary>
    public ItemStamp? MandateStamp { get; init; }

    public bool Exists => Version > 0;

    /// <summary>The id of the mission's strategy stream: one strategy per mission, revisions inside it.</summary>
    public Guid StrategyId => Ids.StrategyOf(Id);

    public Role? RoleOf(string userName) => Members.FirstOrDefault(m => m.UserName == userName)?.Role;

    public Component? Component(Guid id) => Components.FirstOrDefault(c => c.Id == id);

    public AreaOfOperation? Area(Guid id) => Areas.FirstOrDefault(a => a.Id == id);

    public Partner? Partner(Guid id) => Partners.FirstOrDefault(p => p.Id == id);

    public static Mission Evolve(Mission mission, object @event, Recorded recorded)
    {
        var stamp = ItemStamp.From(recorded);
        return (@event switch
        {
            MissionRegistered e => mission with
            {
                Id = e.MissionId, Name = e.Name, Acronym = e.Acronym, Kind = e.Kind, HostState = e.HostState,
                Mandate = e.Mandate, MandateStamp = stamp,
            },
            MandateUpdated e => mission with { Mandate = e.Mandate, MandateStamp = stamp },
            AreaOfOperationAdded e => mission with
            {
                Areas = mission.Areas.Add(new AreaOfOperation(e.AreaId, e.Name, e.Description) { Stamp = stamp }),
            },
            AreaOfOperationRemoved e => mission with { Areas = mission.Areas.RemoveAll(a => a.Id == e.AreaId) },
            ComponentAdded e => mission with
            {
                Components = mission.Components.Add(
                    new Component(e.ComponentId, e.Kind, e.Name, e.Capacity) { Stamp = stamp }),
            },
            ComponentRevised e => mission with
            {
                Components = mission.Components.Select(c => c.Id == e.ComponentId
                    ? c with { Name = e.Name, Capacity = e.Capacity, Stamp = stamp }
                    : c).ToImmutableList(),
            },
            ComponentRemoved e => mission with { Components = mission.Components.RemoveAll(c => c.Id == e.ComponentId) },
            PartnerAdded e => mission with
            {
                Partners = mission.Partners.Add(
                    new Partner(e.PartnerId, e.Kind, e.Name, e.Description) { Stamp = stamp }),
            },
            PartnerRemoved e => mission with { Partners = mission.Partners.RemoveAll(p => p.Id == e.PartnerId) },
            MemberAssigned e => mission with
            {
                Members = mission.Members.RemoveAll(m => m.UserName == e.UserName)
                    .Add(new Member(e.UserName, e.Role, e.ComponentId)),
            },
            MemberRemoved e => mission with { Members = mission.Members.RemoveAll(m => m.UserName == e.UserName) },
            _ => mission,
        }) with { Version = recorded.Version };
    }
}

/// <summary>Ids derived from others.</summary>
public static class Ids
{
    /// <summary>The strategy stream of a mission: a name-based (version 5) UUID of the mission id, so there is one.</summary>
    public static Guid StrategyOf(Guid missionId)
    {
        Span<byte> name = stackalloc byte[32];
        StrategyNamespace.TryWriteBytes(name[..16], bigEndian: true, out _);
        missionId.TryWriteBytes(name[16..], bigEndian: true, out _);
        var hash = System.Security.Cryptography.SHA1.HashData(name);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static readonly Guid StrategyNamespace = new("6f1c0f4e-2b0a-4f7e-9d7b-5a8f2f0c9e11");
}

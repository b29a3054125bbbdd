using System.Security.Cryptography;
using System.Text;
using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Demo;

/// <summary>A demonstration user: who they are and the roles they hold across all missions (mission roles are given by
/// <c>AssignMember</c> steps of the missions).</summary>
public sealed record DemoUser(string UserName, string DisplayName, IReadOnlyList<Role> GlobalRoles, string Description);

/// <summary>One command, made by one demo user, in the role they act in.</summary>
public sealed record DemoStep(string Actor, Role ActingAs, object Command);

/// <summary>A demonstration mission and the commands that build it (mission profile, members, strategy), in order.</summary>
public sealed record DemoMission(Guid MissionId, string Acronym, IReadOnlyList<DemoStep> Steps);

/// <summary>
/// The data a newcomer sees at first start in demo mode: fictional missions in a fictional host state, built by replaying
/// ordinary domain commands as the named users. Every step passes <c>Validate</c> and <c>Decide</c> in order; only
/// creating commands are used (no edits needing item versions), so a replay is deterministic.
/// </summary>
public static class DemoData
{
    /// <summary>The namespace of the name-based ids; a string so that no static initialisation order matters.</summary>
    private const string IdNamespace = "0b6f7c3e-9a41-5d2e-8c17-2f4d6e8a1b90";

    public static IReadOnlyList<DemoUser> Users { get; } =
    [
        new("admin1", "Demo Administrator", [Role.Administrator],
            "System administrator: registers missions and assigns their members. Holds no role inside a mission."),
        new("hq1", "Amara Okonkwo (DPO, New York)", [Role.HqReviewer],
            "Protection of civilians team, Policy and Best Practices Service, Department of Peace Operations, UN Headquarters. Reads and reviews the strategies of every mission."),
        new("planner1", "Lena Morales, Senior POC Adviser (UNMDM)", [],
            "Senior Protection of Civilians Adviser in the Office of the SRSG, UNMDM: pen-holder of the mission-wide POC strategy and secretary of the Senior Management Group on Protection."),
        new("planner2", "Daniel Achieng, Strategic Planner (UNMDM)", [],
            "Strategic planning officer, Office of the Chief of Staff, UNMDM: co-drafts the POC strategy and aligns it with the mission concept and the results framework (CPAS)."),
        new("reviewer1", "Fatou Diallo, DSRSG/RC/HC (UNMDM)", [],
            "Deputy SRSG, Resident and Humanitarian Coordinator, UNMDM: member of the mission's protection forum (SMG-P) who endorses the strategy or returns it."),
        new("hom1", "Karin Lindqvist, SRSG (UNMDM)", [],
            "Special Representative of the Secretary-General and Head of Mission, UNMDM: approves the mission-wide POC strategy."),
        new("controller1", "Col. Rahul Menon, Exercise Director (UNMDM)", [],
            "Chief of the Integrated Mission Training Centre, UNMDM: directs and controls table-top exercises on the POC strategy."),
        new("player1", "Lt. Col. Samuel Boateng, Force J3 POC focal point (UNMDM)", [],
            "Plays for the Force (Military component) in table-top exercises: deploys patrols, temporary operating bases and air assets."),
        new("observer1", "Ingrid Haugen, Evaluator (UNMDM)", [],
            "Evaluator from the Integrated Training Service: observes exercises and reads the mission's plans without changing them."),
        new("planner3", "Youssef Benali, Political and Protection Planner (UNDMA)", [],
            "Planner of the special political mission UNDMA only: has no role in UNMDM, so the planner sees one mission and is refused the other."),
    ];

    public static IReadOnlyList<DemoMission> Missions { get; } = [DemoMainMission.Build(), DemoPoliticalMission.Build()];

    /// <summary>A stable name-based (version 5, SHA-1) id: the same name gives the same id on every start.</summary>
    public static Guid Id(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[16 + nameBytes.Length];
        new Guid(IdNamespace).TryWriteBytes(data.AsSpan(0, 16), bigEndian: true, out _);
        nameBytes.CopyTo(data, 16);
        var hash = SHA1.HashData(data);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>Collects the steps of a demo mission: administrators register and assign, planners build.</summary>
internal sealed class DemoScript
{
    private readonly List<DemoStep> steps = [];

    public IReadOnlyList<DemoStep> Steps => steps;

    public void Admin(object command) => steps.Add(new DemoStep("admin1", Role.Administrator, command));

    public void Planner(string userName, object command) => steps.Add(new DemoStep(userName, Role.Planner, command));
}

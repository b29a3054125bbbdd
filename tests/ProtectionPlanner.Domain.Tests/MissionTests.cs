using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class MissionTests
{
    private static readonly Guid Upper = Specification.NewId(10);
    private static readonly Guid Jmac = Specification.NewId(11);
    private static readonly Guid Unhcr = Specification.NewId(12);
    private static readonly Guid Unknown = Specification.NewId(900);

    private static readonly Mandate Renewed = Fixtures.Mandate with { Resolution = "S/RES/2729 (2024)", Start = new DateOnly(2024, 5, 1), End = new DateOnly(2025, 4, 30) };

    private static Specification Registered() => new Specification().GivenMission(RegisteredMission());

    /// <summary>Every command on an existing mission, each valid against <see cref="RegisteredMission"/>.</summary>
    private static readonly Dictionary<string, Func<Specification, IReadOnlyList<object>>> MissionEdits = new()
    {
        [nameof(UpdateMandate)] = s => s.WhenMission(new UpdateMandate(MissionId, Renewed)),
        [nameof(AddAreaOfOperation)] = s => s.WhenMission(new AddAreaOfOperation(MissionId, Upper, "Upper Nile", null)),
        [nameof(RemoveAreaOfOperation)] = s => s.WhenMission(new RemoveAreaOfOperation(MissionId, Unity)),
        [nameof(AddComponent)] = s => s.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Jmac, "JMAC", Capacity.None)),
        [nameof(ReviseComponent)] = s => s.WhenMission(new ReviseComponent(MissionId, Police, "UNPOL", new Capacity(350, []))),
        [nameof(RemoveComponent)] = s => s.WhenMission(new RemoveComponent(MissionId, Police)),
        [nameof(AddPartner)] = s => s.WhenMission(new AddPartner(MissionId, Unhcr, PartnerKind.UnCountryTeamAgency, "UNHCR", null)),
        [nameof(RemovePartner)] = s => s.WhenMission(new RemovePartner(MissionId, Unicef)),
        [nameof(AssignMember)] = s => s.WhenMission(new AssignMember(MissionId, "ana", Role.Planner, null)),
        [nameof(RemoveMember)] = s => s.WhenMission(new RemoveMember(MissionId, "planner1")),
    };

    public static TheoryData<string> MissionEditNames => [.. MissionEdits.Keys];

    [Theory]
    [MemberData(nameof(MissionEditNames))]
    public void Every_mission_command_is_accepted_on_a_registered_mission(string command)
    {
        Assert.NotEmpty(MissionEdits[command](Registered().GivenMission(new MemberAssigned("planner1", Role.Planner, null))));
    }

    [Theory]
    [MemberData(nameof(MissionEditNames))]
    public void Every_mission_command_on_an_unknown_mission_is_not_found(string command)
    {
        Specification.ThenNotFound(() => MissionEdits[command](new Specification()), "Mission", MissionId.ToString());
    }

    private static RegisterMission Registration() =>
        new(MissionId, " United Nations Demonstration Mission ", " UNDM ", MissionKind.Pko, " Republic of Demo ", Fixtures.Mandate);

    [Fact]
    public void Registering_a_mission_records_it_with_trimmed_names()
    {
        var spec = new Specification();

        Specification.Then(spec.WhenMission(Registration()),
            new MissionRegistered(MissionId, "United Nations Demonstration Mission", "UNDM", MissionKind.Pko, "Republic of Demo", Fixtures.Mandate));
    }

    [Fact]
    public void A_registered_mission_exists_and_derives_its_strategy_id()
    {
        var mission = Registered().Mission;

        Assert.Equal((true, "UNDM", true, StrategyId, 8L), (mission.Exists, mission.Acronym, Fixtures.Mandate == mission.Mandate, mission.StrategyId, mission.Version));
    }

    [Fact]
    public void Registering_a_mission_twice_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(Registration()), "mission-exists");
    }

    [Fact]
    public void A_registration_without_id_name_or_host_state_of_an_undefined_kind_is_invalid()
    {
        var spec = new Specification();

        Specification.ThenInvalid(() => spec.WhenMission(new RegisterMission(Guid.Empty, "", "UNDM", (MissionKind)42, " ", Fixtures.Mandate)),
            "missionId", "name", "kind", "hostState");
    }

    [Fact]
    public void An_acronym_of_twenty_characters_is_accepted_and_one_more_is_not()
    {
        var spec = new Specification();

        Assert.NotEmpty(spec.WhenMission(Registration() with { Acronym = new string('A', 20) }));
        Specification.ThenInvalid(() => spec.WhenMission(Registration() with { Acronym = new string('A', 21) }), "acronym");
    }

    [Fact]
    public void A_mandate_needs_a_resolution_and_must_not_end_before_it_starts()
    {
        var spec = new Specification();
        var mandate = new Mandate(" ", new DateOnly(2024, 5, 1), new DateOnly(2024, 4, 30), true, Over(Check.LongText));

        Specification.ThenInvalid(() => spec.WhenMission(Registration() with { Mandate = mandate }), "mandate.resolution", "mandate.end", "mandate.language");
    }

    [Fact]
    public void A_registration_without_a_mandate_is_invalid()
    {
        var spec = new Specification();

        Specification.ThenInvalid(() => spec.WhenMission(Registration() with { Mandate = null! }), "mandate");
    }

    [Fact]
    public void Updating_the_mandate_records_the_renewal()
    {
        var spec = Registered();

        Specification.Then(spec.WhenMission(new UpdateMandate(MissionId, Renewed)), new MandateUpdated(Renewed));
    }

    [Fact]
    public void An_updated_mandate_replaces_the_old_one()
    {
        var mission = Registered().GivenMission(new MandateUpdated(Renewed)).Mission;

        Assert.Equal(("S/RES/2729 (2024)", 9L), (mission.Mandate.Resolution, mission.Version));
    }

    [Fact]
    public void Updating_the_mandate_to_the_same_one_changes_nothing()
    {
        var spec = Registered();

        Specification.ThenNothing(spec.WhenMission(new UpdateMandate(MissionId, Fixtures.Mandate with { })));
    }

    [Fact]
    public void Updating_the_mandate_of_an_unknown_mission_is_not_found()
    {
        var spec = new Specification();

        Specification.ThenNotFound(() => spec.WhenMission(new UpdateMandate(MissionId, Renewed)), "Mission", MissionId.ToString());
    }

    [Fact]
    public void Updating_to_a_mandate_ending_before_it_starts_is_invalid()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new UpdateMandate(MissionId, Renewed with { End = new DateOnly(2024, 1, 1) })), "mandate.end");
        Specification.ThenInvalid(() => spec.WhenMission(new UpdateMandate(MissionId, null!)), "mandate");
    }

    [Fact]
    public void Adding_an_area_of_operation_records_it()
    {
        var spec = Registered();

        Specification.Then(spec.WhenMission(new AddAreaOfOperation(MissionId, Upper, " Upper Nile ", "Malakal")), new AreaOfOperationAdded(Upper, "Upper Nile", "Malakal"));
    }

    [Fact]
    public void Adding_an_area_with_the_name_of_another_whatever_its_case_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new AddAreaOfOperation(MissionId, Upper, "UNITY ", null)), "area-exists");
    }

    [Fact]
    public void Adding_an_area_with_the_id_of_another_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new AddAreaOfOperation(MissionId, Unity, "Upper Nile", null)), "area-exists");
    }

    [Fact]
    public void Adding_an_area_to_an_unknown_mission_is_not_found()
    {
        var spec = new Specification();

        Specification.ThenNotFound(() => spec.WhenMission(new AddAreaOfOperation(MissionId, Upper, "Upper Nile", null)), "Mission", MissionId.ToString());
    }

    [Fact]
    public void An_area_without_id_or_name_with_an_oversized_description_is_invalid()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new AddAreaOfOperation(MissionId, Guid.Empty, "", Over(Check.LongText))), "areaId", "name", "description");
    }

    [Fact]
    public void Removing_an_area_records_it_and_removes_it()
    {
        var spec = Registered();

        var events = spec.WhenMission(new RemoveAreaOfOperation(MissionId, Unity));

        Specification.Then(events, new AreaOfOperationRemoved(Unity));
        Assert.Empty(spec.GivenMission([.. events]).Mission.Areas);
    }

    [Fact]
    public void Removing_an_unknown_area_is_not_found()
    {
        var spec = Registered();

        Specification.ThenNotFound(() => spec.WhenMission(new RemoveAreaOfOperation(MissionId, Unknown)), "Area of operation", Unknown.ToString());
        Specification.ThenNotFound(() => new Specification().WhenMission(new RemoveAreaOfOperation(MissionId, Unity)), "Mission", MissionId.ToString());
    }

    [Fact]
    public void Adding_a_component_records_its_capacity()
    {
        var spec = Registered();
        var capacity = new Capacity(25, [new Asset("UAV", 2)]);

        Specification.Then(spec.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Jmac, " JMAC ", capacity)), new ComponentAdded(Jmac, ComponentKind.Jmac, "JMAC", capacity));
    }

    [Fact]
    public void Adding_a_component_named_like_another_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Police, "unpol", Capacity.None)), "component-exists");
    }

    [Fact]
    public void Adding_a_component_with_the_id_of_another_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new AddComponent(MissionId, Police, ComponentKind.Jmac, "JMAC", Capacity.None)), "component-exists");
    }

    [Fact]
    public void Adding_a_component_to_an_unknown_mission_is_not_found()
    {
        var spec = new Specification();

        Specification.ThenNotFound(() => spec.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Jmac, "JMAC", Capacity.None)), "Mission", MissionId.ToString());
    }

    [Fact]
    public void A_component_of_an_undefined_kind_or_negative_capacity_is_invalid()
    {
        var spec = Registered();
        var capacity = new Capacity(-1, [new Asset(" ", -2)]);

        Specification.ThenInvalid(() => spec.WhenMission(new AddComponent(MissionId, Guid.Empty, (ComponentKind)42, "", capacity)),
            "componentId", "kind", "name", "capacity.personnel", "capacity.assets[0].name", "capacity.assets[0].quantity");
    }

    [Fact]
    public void A_component_with_more_than_fifty_kinds_of_asset_is_invalid()
    {
        var spec = Registered();
        var capacity = new Capacity(10, Enumerable.Range(1, Check.ListSize + 1).Select(i => new Asset($"asset {i}", 1)).ToList());

        Specification.ThenInvalid(() => spec.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Jmac, "JMAC", capacity)), "capacity.assets");
    }

    [Fact]
    public void A_component_without_capacity_or_list_of_assets_is_invalid_rather_than_a_crash_later()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Jmac, "JMAC", null!)), "capacity");
        Specification.ThenInvalid(() => spec.WhenMission(new AddComponent(MissionId, Jmac, ComponentKind.Jmac, "JMAC", new Capacity(10, null!))), "capacity.assets");
    }

    [Fact]
    public void Revising_a_component_records_its_new_name_and_capacity()
    {
        var spec = Registered();
        var capacity = new Capacity(1000, [new Asset("helicopter", 2)]);

        Specification.Then(spec.WhenMission(new ReviseComponent(MissionId, Military, "Force ", capacity)), new ComponentRevised(Military, "Force", capacity));
    }

    [Fact]
    public void A_revised_component_keeps_its_kind()
    {
        var component = Registered().GivenMission(new ComponentRevised(Military, "UNMISS Force", new Capacity(1000, []))).Mission.Component(Military)!;

        Assert.Equal((ComponentKind.Military, "UNMISS Force", 1000), (component.Kind, component.Name, component.Capacity.Personnel));
    }

    [Fact]
    public void Revising_a_component_with_the_same_name_and_capacity_changes_nothing()
    {
        var spec = Registered();

        Specification.ThenNothing(spec.WhenMission(new ReviseComponent(MissionId, Military, "Force", new Capacity(1200, [new Asset("helicopter", 4)]))));
    }

    [Fact]
    public void A_component_may_change_the_case_of_its_own_name()
    {
        var spec = Registered();

        Specification.Then(spec.WhenMission(new ReviseComponent(MissionId, Police, "UNPol", new Capacity(300, []))), new ComponentRevised(Police, "UNPol", new Capacity(300, [])));
    }

    [Fact]
    public void Renaming_a_component_to_the_name_of_another_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new ReviseComponent(MissionId, Police, "force", new Capacity(300, []))), "component-exists");
    }

    [Fact]
    public void Revising_an_unknown_component_is_not_found()
    {
        var spec = Registered();

        Specification.ThenNotFound(() => spec.WhenMission(new ReviseComponent(MissionId, Unknown, "JMAC", Capacity.None)), "Component", Unknown.ToString());
    }

    [Fact]
    public void Revising_a_component_to_negative_personnel_is_invalid()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new ReviseComponent(MissionId, Police, "UNPOL", new Capacity(-300, []))), "capacity.personnel");
        Specification.ThenInvalid(() => spec.WhenMission(new ReviseComponent(MissionId, Police, " ", null!)), "name", "capacity");
    }

    [Fact]
    public void Removing_a_component_records_it_and_removes_it()
    {
        var spec = Registered();

        var events = spec.WhenMission(new RemoveComponent(MissionId, CivilAffairs));

        Specification.Then(events, new ComponentRemoved(CivilAffairs));
        Assert.Equal([Military, Police], spec.GivenMission([.. events]).Mission.Components.Select(c => c.Id));
    }

    [Fact]
    public void Removing_an_unknown_component_is_not_found()
    {
        var spec = Registered();

        Specification.ThenNotFound(() => spec.WhenMission(new RemoveComponent(MissionId, Unknown)), "Component", Unknown.ToString());
    }

    [Fact]
    public void Adding_a_partner_records_it()
    {
        var spec = Registered();

        Specification.Then(spec.WhenMission(new AddPartner(MissionId, Unhcr, PartnerKind.UnCountryTeamAgency, " UNHCR ", "Refugee agency")),
            new PartnerAdded(Unhcr, PartnerKind.UnCountryTeamAgency, "UNHCR", "Refugee agency"));
    }

    [Fact]
    public void Adding_a_partner_named_like_another_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new AddPartner(MissionId, Unhcr, PartnerKind.UnCountryTeamAgency, "unicef", null)), "partner-exists");
    }

    [Fact]
    public void Adding_a_partner_with_the_id_of_another_is_a_state_conflict()
    {
        var spec = Registered();

        Specification.ThenConflict(() => spec.WhenMission(new AddPartner(MissionId, Unicef, PartnerKind.UnCountryTeamAgency, "UNHCR", null)), "partner-exists");
    }

    [Fact]
    public void Adding_a_partner_to_an_unknown_mission_is_not_found()
    {
        var spec = new Specification();

        Specification.ThenNotFound(() => spec.WhenMission(new AddPartner(MissionId, Unhcr, PartnerKind.UnCountryTeamAgency, "UNHCR", null)), "Mission", MissionId.ToString());
    }

    [Fact]
    public void A_partner_without_id_or_name_of_an_undefined_kind_is_invalid()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new AddPartner(MissionId, Guid.Empty, (PartnerKind)42, Over(Check.ShortText), Over(Check.LongText))),
            "partnerId", "kind", "name", "description");
    }

    [Fact]
    public void Removing_a_partner_records_it_and_removes_it()
    {
        var spec = Registered();

        var events = spec.WhenMission(new RemovePartner(MissionId, CivilSociety));

        Specification.Then(events, new PartnerRemoved(CivilSociety));
        Assert.Equal([HostStatePolice, Unicef], spec.GivenMission([.. events]).Mission.Partners.Select(p => p.Id));
    }

    [Fact]
    public void Removing_an_unknown_partner_is_not_found()
    {
        var spec = Registered();

        Specification.ThenNotFound(() => spec.WhenMission(new RemovePartner(MissionId, Unknown)), "Partner", Unknown.ToString());
    }

    [Fact]
    public void Assigning_a_member_gives_them_a_role_in_the_mission()
    {
        var spec = Registered();

        Specification.Then(spec.WhenMission(new AssignMember(MissionId, "planner1", Role.Planner, null)), new MemberAssigned("planner1", Role.Planner, null));
    }

    [Fact]
    public void A_player_is_assigned_with_the_component_they_play()
    {
        var spec = Registered();

        Specification.Then(spec.WhenMission(new AssignMember(MissionId, "player1", Role.Player, Police)), new MemberAssigned("player1", Role.Player, Police));
    }

    [Fact]
    public void Assigning_a_member_a_new_role_replaces_the_old_one()
    {
        var spec = Registered().GivenMission(new MemberAssigned("ana", Role.Planner, null));

        var events = spec.WhenMission(new AssignMember(MissionId, "ana", Role.Reviewer, null));

        Specification.Then(events, new MemberAssigned("ana", Role.Reviewer, null));
        var mission = spec.GivenMission([.. events]).Mission;
        Assert.Equal((Role.Reviewer, 1), (mission.RoleOf("ana"), mission.Members.Count));
    }

    [Fact]
    public void Assigning_a_member_the_role_they_hold_changes_nothing()
    {
        var spec = Registered().GivenMission(new MemberAssigned("player1", Role.Player, Police));

        Specification.ThenNothing(spec.WhenMission(new AssignMember(MissionId, "player1", Role.Player, Police)));
    }

    [Fact]
    public void Moving_a_player_to_another_component_is_a_new_assignment()
    {
        var spec = Registered().GivenMission(new MemberAssigned("player1", Role.Player, Police));

        Specification.Then(spec.WhenMission(new AssignMember(MissionId, "player1", Role.Player, Military)), new MemberAssigned("player1", Role.Player, Military));
    }

    [Fact]
    public void A_player_without_a_component_is_invalid()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new AssignMember(MissionId, "player1", Role.Player, null)), "componentId");
    }

    [Theory]
    [InlineData(Role.HqReviewer)]
    [InlineData(Role.Administrator)]
    public void Roles_held_across_missions_are_not_given_per_mission(Role role)
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new AssignMember(MissionId, "hq1", role, null)), "role");
    }

    [Fact]
    public void A_member_without_a_user_name_or_with_an_undefined_role_is_invalid()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new AssignMember(MissionId, " ", (Role)42, null)), "userName", "role");
    }

    [Fact]
    public void Playing_a_component_the_mission_does_not_have_is_not_found()
    {
        var spec = Registered();

        Specification.ThenNotFound(() => spec.WhenMission(new AssignMember(MissionId, "player1", Role.Player, Unknown)), "Component", Unknown.ToString());
    }

    [Fact]
    public void Assigning_a_member_of_an_unknown_mission_is_not_found()
    {
        var spec = new Specification();

        Specification.ThenNotFound(() => spec.WhenMission(new AssignMember(MissionId, "planner1", Role.Planner, null)), "Mission", MissionId.ToString());
    }

    [Fact]
    public void Removing_a_member_records_it_and_they_hold_no_role_any_more()
    {
        var spec = Registered().GivenMission(new MemberAssigned("ana", Role.Planner, null));

        var events = spec.WhenMission(new RemoveMember(MissionId, "ana"));

        Specification.Then(events, new MemberRemoved("ana"));
        Assert.Null(spec.GivenMission([.. events]).Mission.RoleOf("ana"));
    }

    [Fact]
    public void Removing_someone_who_is_not_a_member_is_not_found()
    {
        var spec = Registered();

        Specification.ThenNotFound(() => spec.WhenMission(new RemoveMember(MissionId, "stranger")), "Member", "stranger");
    }

    [Fact]
    public void Removing_a_member_needs_a_user_name()
    {
        var spec = Registered();

        Specification.ThenInvalid(() => spec.WhenMission(new RemoveMember(MissionId, "")), "userName");
    }

    [Fact]
    public void Each_mission_has_its_own_stable_version_5_strategy_id()
    {
        var other = Ids.StrategyOf(Specification.NewId(1));

        Assert.Equal(Ids.StrategyOf(MissionId), Ids.StrategyOf(new Guid(MissionId.ToString())));
        Assert.NotEqual(StrategyId, other);
        Assert.NotEqual(MissionId, StrategyId);
        Assert.Equal((5, 0x80), (StrategyId.Version, StrategyId.ToByteArray(bigEndian: true)[8] & 0xC0));
    }
}

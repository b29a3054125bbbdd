using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

/// <summary>Each part of a mission's profile has its own version: edits of different parts never refuse each
/// other.</summary>
public sealed class MissionItemVersionTests
{
    // RegisteredMission: the registration is version 1, Unity 2, Force 3, UNPOL 4, Civil Affairs 5, UNICEF 7.
    private static Specification Registered() => new Specification().GivenMission(RegisteredMission());

    private static readonly Mandate Renewed = Fixtures.Mandate with { Resolution = "S/RES/2729 (2024)" };

    [Fact]
    public void Each_item_is_stamped_with_the_version_that_last_changed_it()
    {
        var mission = Registered().GivenMission(new ComponentRevised(Police, "UNPOL", new Capacity(350, []))).Mission;

        Assert.Equal((1L, "admin1"), (mission.MandateStamp!.Version, mission.MandateStamp.ChangedBy));
        Assert.Equal(2, mission.Area(Unity)!.Stamp!.Version);
        Assert.Equal(3, mission.Component(Military)!.Stamp!.Version);
        Assert.Equal(9, mission.Component(Police)!.Stamp!.Version);
        Assert.Equal(7, mission.Partner(Unicef)!.Stamp!.Version);
        Assert.Equal(9, mission.Version);
    }

    [Fact]
    public void A_component_edited_against_its_own_version_succeeds_after_another_component_changed()
    {
        var spec = Registered().GivenMission(new ComponentRevised(Police, "UNPOL", new Capacity(350, [])));

        Specification.Then(
            spec.WhenMission(new ReviseComponent(MissionId, Military, "Force", new Capacity(900, []), 3)),
            new ComponentRevised(Military, "Force", new Capacity(900, [])));
    }

    [Fact]
    public void A_component_edited_against_an_older_version_is_an_item_conflict_carrying_the_current_component()
    {
        var spec = Registered().GivenMission(new ComponentRevised(Police, "UNPOL", new Capacity(350, [])));

        var conflict = Specification.ThenItemConflict(
            () => spec.WhenMission(new ReviseComponent(MissionId, Police, "UNPOL", new Capacity(400, []), 4)),
            "UNPOL", expected: 4, current: 9, changedBy: "admin1");
        Assert.Equal(350, Assert.IsType<Component>(conflict.CurrentItem).Capacity.Personnel);
    }

    [Fact]
    public void An_edit_without_a_version_is_decided_on_the_item_as_it_is()
    {
        var spec = Registered().GivenMission(new ComponentRevised(Police, "UNPOL", new Capacity(350, [])));

        Specification.Then(spec.WhenMission(new ReviseComponent(MissionId, Police, "UNPOL", new Capacity(400, []))),
            new ComponentRevised(Police, "UNPOL", new Capacity(400, [])));
    }

    [Fact]
    public void Removing_a_component_area_or_partner_checks_its_own_version()
    {
        var spec = Registered();

        Specification.ThenItemConflict(() => spec.WhenMission(new RemoveComponent(MissionId, CivilAffairs, 4)),
            "Civil Affairs", expected: 4, current: 5, changedBy: "admin1");
        Specification.ThenItemConflict(() => spec.WhenMission(new RemoveAreaOfOperation(MissionId, Unity, 1)),
            "Unity", expected: 1, current: 2, changedBy: "admin1");
        Specification.ThenItemConflict(() => spec.WhenMission(new RemovePartner(MissionId, Unicef, 8)),
            "UNICEF", expected: 8, current: 7, changedBy: "admin1");
        Specification.Then(spec.WhenMission(new RemoveComponent(MissionId, CivilAffairs, 5)),
            new ComponentRemoved(CivilAffairs));
        Specification.Then(spec.WhenMission(new RemoveAreaOfOperation(MissionId, Unity, 2)),
            new AreaOfOperationRemoved(Unity));
        Specification.Then(spec.WhenMission(new RemovePartner(MissionId, Unicef, 7)), new PartnerRemoved(Unicef));
    }

    [Fact]
    public void The_mandate_has_its_own_version_which_component_edits_do_not_move()
    {
        var spec = Registered().GivenMission(new ComponentRevised(Police, "UNPOL", new Capacity(350, [])));

        Specification.Then(spec.WhenMission(new UpdateMandate(MissionId, Renewed, 1)), new MandateUpdated(Renewed));
        var conflict = Specification.ThenItemConflict(
            () => spec.GivenMission(new MandateUpdated(Renewed))
                .WhenMission(new UpdateMandate(MissionId, Fixtures.Mandate, 1)),
            "of the mission", expected: 1, current: 10, changedBy: "admin1");
        Assert.Equal(Renewed, conflict.CurrentItem);
    }
}

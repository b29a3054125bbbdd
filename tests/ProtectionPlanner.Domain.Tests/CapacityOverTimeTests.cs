using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class CapacityOverTimeTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Patrols1 = Specification.NewId(200);
    private static readonly Guid Escorts = Specification.NewId(201);
    private static readonly Guid Talks = Specification.NewId(202);
    private static readonly DateOnly January = new(2024, 1, 1);
    private static readonly DateOnly September = new(2024, 9, 30);

    /// <summary>The Force (1,200 personnel, 4 helicopters) leads patrols from January to June 2024 with 700
    /// personnel and 3 helicopters, and escorts from April to September with 700 personnel.</summary>
    private static Specification OverlappingInSpring() => StrategyInDraft().Given(
        new ThreatIdentified(Threat, "T-01", MarketAttack()),
        new ActivityPlanned(Patrols1, "A-01", Patrols([Threat])),
        new ComponentAssignedAsLead(Patrols1, Military, People(700, new Asset("helicopter", 3))),
        new ActivityPlanned(Escorts, "A-02", Patrols([Threat]) with
        {
            Title = "Road escorts", Start = new DateOnly(2024, 4, 1), End = September,
        }),
        new ComponentAssignedAsLead(Escorts, Military, People(700)));

    private static IReadOnlyList<CapacityPeriod> Force(Specification spec, DateOnly from, DateOnly to) =>
        CapacityOverTime.Of(spec.Strategy, spec.Mission, from, to, CapacityStep.Month)
            .Single(c => c.ComponentId == Military).Periods;

    [Fact]
    public void A_range_of_whole_months_makes_one_period_per_calendar_month()
    {
        var periods = CapacityOverTime.Periods(new DateOnly(2026, 5, 1), new DateOnly(2027, 4, 30), CapacityStep.Month);

        Assert.Equal(12, periods.Count);
        Assert.Equal((new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31)), periods[0]);
        Assert.Equal((new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 28)), periods[9]);
        Assert.Equal((new DateOnly(2027, 4, 1), new DateOnly(2027, 4, 30)), periods[^1]);
    }

    [Fact]
    public void A_range_starting_and_ending_within_months_cuts_the_first_and_last_periods_at_its_days()
    {
        var periods =
            CapacityOverTime.Periods(new DateOnly(2026, 5, 15), new DateOnly(2026, 7, 10), CapacityStep.Month);

        Assert.Equal([(new DateOnly(2026, 5, 15), new DateOnly(2026, 5, 31)),
            (new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)),
            (new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 10))], periods);
    }

    [Fact]
    public void Sixty_periods_are_shown_and_sixty_one_or_a_range_ending_before_it_starts_are_invalid()
    {
        Assert.Equal(60, CapacityOverTime.Periods(January, new DateOnly(2028, 12, 31), CapacityStep.Month).Count);
        var lastYear = CapacityOverTime.Periods(new DateOnly(9999, 1, 1), DateOnly.MaxValue, CapacityStep.Month);
        Assert.Equal(12, lastYear.Count);

        var tooMany = Assert.Throws<ValidationFailed>(() =>
            CapacityOverTime.Periods(January, new DateOnly(2029, 1, 1), CapacityStep.Month));
        var backwards = Assert.Throws<ValidationFailed>(() =>
            CapacityOverTime.Periods(September, January, CapacityStep.Month));

        Assert.Contains("61 periods", Assert.Single(tooMany.Errors["to"]));
        Assert.Equal(["must not be before from."], backwards.Errors["to"]);
    }

    [Fact]
    public void A_component_is_over_committed_only_in_the_months_its_activities_overlap_beyond_its_capacity()
    {
        var periods = Force(OverlappingInSpring(), January, September);

        Assert.Equal([700, 700, 700, 1400, 1400, 1400, 700, 700, 700], periods.Select(p => p.PersonnelCommitted));
        Assert.Equal([false, false, false, true, true, true, false, false, false],
            periods.Select(p => p.OverCommitted));
        Assert.All(periods, p => Assert.Equal(1200, p.PersonnelCapacity));
        Assert.Equal([3, 3, 3, 3, 3, 3, 0, 0, 0],
            periods.Select(p => p.Assets.Single(a => a.Name == "helicopter").Committed));
        Assert.Equal([1, 1, 1, 2, 2, 2, 1, 1, 1], periods.Select(p => p.Activities));
    }

    [Fact]
    public void An_activity_without_dates_counts_in_every_period_and_each_period_then_counts_as_the_workload_does()
    {
        var spec = StrategyInDraft().Given(
            new ThreatIdentified(Threat, "T-01", MarketAttack()),
            new ActivityPlanned(Talks, "A-01", Patrols([Threat]) with { Start = null, End = null }),
            new ComponentAssignedAsLead(Talks, Military, People(50, new Asset("helicopter", 1))),
            new ComponentAssignedInSupport(Talks, Police, People(20)));
        var workload = Coherence.Analyse(spec.Strategy, spec.Mission, Specification.Today).Workload;

        var capacity = CapacityOverTime.Of(spec.Strategy, spec.Mission, January, September, CapacityStep.Month);

        Assert.Equal(spec.Mission.Components.Select(c => c.Id), capacity.Select(c => c.ComponentId));
        foreach (var component in capacity)
        {
            var load = workload.Single(w => w.ComponentId == component.ComponentId);
            Assert.All(component.Periods, p => Assert.Equal(
                (load.PersonnelCommitted, load.PersonnelCapacity, load.Activities), (p.PersonnelCommitted,
                    p.PersonnelCapacity, p.Activities)));
            Assert.All(component.Periods, p => Assert.Equal(load.Assets, p.Assets));
        }
    }

    [Fact]
    public void Completed_activities_and_partners_counted_on_take_no_capacity_in_any_period()
    {
        var spec = OverlappingInSpring().Given(
            new ActivityRevised(Escorts, Patrols([Threat]) with
            {
                Title = "Road escorts", Start = new DateOnly(2024, 4, 1), End = September,
                Status = ActivityStatus.Completed,
            }),
            new PartnerCountedOn(Patrols1, HostStatePolice, "Joint patrols with 400 officers"));

        var periods = Force(spec, January, September);

        Assert.Equal([700, 700, 700, 700, 700, 700, 0, 0, 0], periods.Select(p => p.PersonnelCommitted));
        Assert.DoesNotContain(periods, p => p.OverCommitted);
    }
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Domain.Strategies;

/// <summary>How long each period of a capacity over time is. Months only, for now.</summary>
public enum CapacityStep { Month }

/// <summary>What a component has committed in one period (both days included) against its capacity.</summary>
public sealed record CapacityPeriod(
    DateOnly From, DateOnly To, long PersonnelCommitted, long PersonnelCapacity, IReadOnlyList<AssetWorkload> Assets,
    int Activities)
{
    public bool OverCommitted => PersonnelCommitted > PersonnelCapacity || Assets.Any(a => a.Committed > a.Capacity);
}

public sealed record ComponentCapacity(
    Guid ComponentId, string Name, ComponentKind Kind, IReadOnlyList<CapacityPeriod> Periods);

/// <summary>
/// When each component is committed beyond its capacity: its workload period by period, counted as the coherence
/// analysis counts it (<see cref="Coherence"/>), of the active activities under way in the period. An activity
/// without a start (or an end) is under way from the first period (or to the last), as the workload counts it
/// throughout. Pure.
/// </summary>
public static class CapacityOverTime
{
    public const int MaxPeriods = 60;

    /// <summary>The periods from <paramref name="from"/> to <paramref name="to"/>: the first and last cut at them,
    /// the others whole calendar months. Refuses a range that ends before it starts or has over 60 periods.</summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Periods(DateOnly from, DateOnly to, CapacityStep step)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        new Check().That(to >= from, "to", "must not be before from.")
            .That(to < from || months <= MaxPeriods, "to",
                $"makes {months} periods of a {step.ToString().ToLowerInvariant()}; at most {MaxPeriods} are shown.")
            .ThrowIfInvalid();
        var periods = new List<(DateOnly, DateOnly)>(months);
        for (var start = from; ; )
        {
            // The last period ends at `to`; stepping from it could pass the calendar's end (9999-12-31).
            if (start.Year == to.Year && start.Month == to.Month)
            {
                periods.Add((start, to));
                return periods;
            }
            var end = new DateOnly(start.Year, start.Month, DateTime.DaysInMonth(start.Year, start.Month));
            periods.Add((start, end));
            start = end.AddDays(1);
        }
    }

    public static IReadOnlyList<ComponentCapacity> Of(
        Strategy strategy, Mission mission, DateOnly from, DateOnly to, CapacityStep step)
    {
        var periods = Periods(from, to, step);
        var active = strategy.Activities.Where(a => a.Details.IsActive).ToDictionary(a => a.Id);
        var assignments = strategy.Assignments.Where(a => active.ContainsKey(a.ActivityId)).ToList();
        return mission.Components.Select(component =>
        {
            var own = assignments.Where(a => a.ComponentId == component.Id).ToList();
            return new ComponentCapacity(component.Id, component.Name, component.Kind, periods.Select(period =>
            {
                var load = Coherence.Workload(component,
                    own.Where(a => UnderWay(active[a.ActivityId].Details, period.From, period.To)).ToList());
                return new CapacityPeriod(period.From, period.To, load.PersonnelCommitted, load.PersonnelCapacity,
                    load.Assets, load.Activities);
            }).ToList());
        }).ToList();
    }

    private static bool UnderWay(ActivityDetails activity, DateOnly from, DateOnly to) =>
        (activity.Start ?? DateOnly.MinValue) <= to && (activity.End ?? DateOnly.MaxValue) >= from;
}

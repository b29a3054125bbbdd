using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Domain.Exercises;

// The vocabulary of an exercise stream. Besides these, the stream holds the planning events (ThreatReassessed,
// ActivityPlanned, ...) of the players' decisions: they change the exercise's copy of the strategy, never the strategy.

/// <summary>An exercise on the strategy as it stood at <paramref name="StrategyVersion"/>: its copy of the plan is that
/// version plus this stream's planning events.</summary>
public sealed record ExerciseCreated(Guid ExerciseId, Guid MissionId, Guid StrategyId, long StrategyVersion, string Name, string Scenario);

public sealed record ParticipantAssigned(string UserName, ExerciseRole Role, Guid? ComponentId);

public sealed record ParticipantRemoved(string UserName);

public sealed record InjectScripted(Guid InjectId, string Code, InjectDetails Details);

public sealed record InjectRevised(Guid InjectId, InjectDetails Details);

public sealed record InjectRemoved(Guid InjectId);

public sealed record ExerciseStarted(double Speed);

public sealed record ExercisePaused(TimeSpan ScenarioTime);

/// <summary>The clock runs again from the scenario time it was paused at.</summary>
public sealed record ExerciseResumed(TimeSpan ScenarioTime);

public sealed record ExerciseSpeedChanged(double Speed, TimeSpan ScenarioTime);

public sealed record ExerciseEnded(TimeSpan ScenarioTime);

/// <summary>An inject reached its players: at its scenario time by the clock (<paramref name="Automatic"/>) or by a controller.</summary>
public sealed record InjectReleased(Guid InjectId, TimeSpan ScenarioTime, bool Automatic);

public sealed record InjectDelayed(Guid InjectId, TimeSpan ScenarioTime);

public sealed record InjectSkipped(Guid InjectId, string Reason);

/// <summary>A player's decision, appended after the planning events it made (none for a capacity request or a decision
/// to change nothing). <paramref name="Items"/> names what it changed in the exercise's plan.</summary>
public sealed record DecisionTaken(
    Guid DecisionId, Guid? InjectId, DecisionKind Kind, string Rationale, Guid? ComponentId, IReadOnlyList<ItemRef> Items, CapacityRequest? Capacity);

public sealed record InjectAnswered(Guid ResponseId, Guid InjectId, string Text, Guid? ComponentId);

public sealed record ObservationRecorded(Guid ObservationId, Guid? InjectId, Guid? DecisionId, string Text, Rating? Rating);

public sealed record GapFound(Guid GapId, string Description, Guid? InjectId, Guid? ThreatId);

public sealed record ImprovementAgreed(Guid ActionId, Guid? GapId, string Description, string Owner, DateOnly Due);

/// <summary>A hot-wash entry once play ended; <paramref name="Role"/> is the author's exercise role then.</summary>
public sealed record HotWashEntryRecorded(Guid EntryId, HotWashKind Kind, string Text, ExerciseRole Role);

/// <summary>An item of the exercise's plan (<c>threat</c>, <c>activity</c>) a decision changed.</summary>
public sealed record ItemRef(string Kind, Guid Id);

/// <summary>Capacity a player asks a component for, possibly for an activity.</summary>
public sealed record CapacityRequest(Guid ComponentId, Commitment Commitment, Guid? ActivityId);

internal static class PlanItems
{
    /// <summary>The plan items a planning event changed.</summary>
    public static ItemRef? Of(object @event) => @event switch
    {
        ThreatIdentified e => new("threat", e.ThreatId),
        ThreatReassessed e => new("threat", e.ThreatId),
        ThreatClosed e => new("threat", e.ThreatId),
        ThreatReopened e => new("threat", e.ThreatId),
        ActivityPlanned e => new("activity", e.ActivityId),
        ActivityRevised e => new("activity", e.ActivityId),
        ActivityRemoved e => new("activity", e.ActivityId),
        ComponentAssignedAsLead e => new("activity", e.ActivityId),
        ComponentAssignedInSupport e => new("activity", e.ActivityId),
        CommitmentChanged e => new("activity", e.ActivityId),
        ComponentUnassigned e => new("activity", e.ActivityId),
        _ => null,
    };
}

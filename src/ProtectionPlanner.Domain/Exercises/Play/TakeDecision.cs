using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Domain.Strategies.Threats;

namespace ProtectionPlanner.Domain.Exercises.Play;

/// <summary>
/// A player's decision: an ordinary planning command, decided against the exercise's copy of the plan (always editable
/// in play, whatever the stage of the version copied), with the player's rationale and the inject it answers. Its
/// planning events go to the exercise stream, followed by <see cref="DecisionTaken"/>; the strategy is never touched.
/// </summary>
public sealed record TakeDecision<TCommand>(Guid ExerciseId, Guid DecisionId, Guid? InjectId, string Rationale, TCommand Command)
    : IExerciseCommand<TakeDecision<TCommand>> where TCommand : IStrategyCommand<TCommand>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Players;

    public void Validate()
    {
        new Check().NotEmpty("decisionId", DecisionId).Required("rationale", Rationale, Check.LongText).ThrowIfInvalid();
        Command.Validate();
    }

    public static IReadOnlyList<object> Decide(ExercisePlay play, TakeDecision<TCommand> command, DecisionContext context)
    {
        var (exercise, player) = Decisions.Start(play, command.DecisionId, command.InjectId, context);
        var planning = new Planning(play.Plan with { Stage = Stage.Draft }, play.Mission);
        var events = TCommand.Decide(planning, command.Command, context);
        var items = events.Select(PlanItems.Of).OfType<ItemRef>().Distinct().ToList();
        return [.. events, new DecisionTaken(command.DecisionId, command.InjectId, Decisions.KindOf(typeof(TCommand)), command.Rationale.Trim(), player.ComponentId, items, null)];
    }
}

/// <summary>A player asks a component for capacity (people, assets), possibly for an activity of the exercise's plan.</summary>
public sealed record RequestCapacity(Guid ExerciseId, Guid DecisionId, Guid? InjectId, string Rationale, CapacityRequest Request) : IExerciseCommand<RequestCapacity>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Players;

    public void Validate()
    {
        var check = new Check().NotEmpty("decisionId", DecisionId).Required("rationale", Rationale, Check.LongText);
        if (Request is null) check.Add("request", "is required.");
        else StrategyRules.Check(check, "request.commitment", Request.Commitment);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(ExercisePlay play, RequestCapacity command, DecisionContext context)
    {
        var (_, player) = Decisions.Start(play, command.DecisionId, command.InjectId, context);
        StrategyRules.RequireComponent(play.Mission, command.Request.ComponentId);
        if (command.Request.ActivityId is { } activity) StrategyRules.RequireActivity(play.Plan, activity);
        var items = command.Request.ActivityId is { } id ? new List<ItemRef> { new("activity", id) } : [];
        return [new DecisionTaken(command.DecisionId, command.InjectId, DecisionKind.RequestCapacity, command.Rationale.Trim(), player.ComponentId, items, command.Request)];
    }
}

internal static class Decisions
{
    private static readonly Dictionary<Type, DecisionKind> Kinds = new()
    {
        [typeof(IdentifyThreat)] = DecisionKind.IdentifyThreat,
        [typeof(ReassessThreat)] = DecisionKind.ReassessThreat,
        [typeof(CloseThreat)] = DecisionKind.CloseThreat,
        [typeof(PlanActivity)] = DecisionKind.PlanActivity,
        [typeof(ReviseActivity)] = DecisionKind.ReviseActivity,
        [typeof(AssignLeadComponent)] = DecisionKind.AssignLead,
        [typeof(AssignSupportingComponent)] = DecisionKind.AssignSupport,
        [typeof(ChangeCommitment)] = DecisionKind.ChangeCommitment,
    };

    public static DecisionKind KindOf(Type command) =>
        Kinds.TryGetValue(command, out var kind) ? kind : throw new ArgumentException($"{command.Name} is not a decision players take.", nameof(command));

    /// <summary>The exercise in play and the acting player; the inject answered must have reached them.</summary>
    public static (Exercise, Participant) Start(ExercisePlay play, Guid decisionId, Guid? injectId, DecisionContext context)
    {
        var exercise = ExerciseRules.InPlay(play);
        var player = ExerciseRules.Acting(exercise, context);
        if (injectId is { } id) ExerciseRules.Received(exercise, id, player);
        if (exercise.Decisions.Any(d => d.Id == decisionId)) throw new StateConflict("decision-exists", $"Decision {decisionId} was already taken.");
        return (exercise, player);
    }
}

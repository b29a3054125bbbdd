using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.SetUp;

/// <summary>Gives a mission member a role in the exercise (replacing any they had); a player plays for a component,
/// by default the one they are a member for.</summary>
public sealed record AssignParticipant(Guid ExerciseId, string UserName, ExerciseRole Role, Guid? ComponentId) : IExerciseCommand<AssignParticipant>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() => new Check().Required("userName", UserName).Defined("role", Role).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, AssignParticipant command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        var member = play.Mission.Members.FirstOrDefault(m => m.UserName == command.UserName)
            ?? throw new NotFound("Mission member", command.UserName);
        var component = command.Role == ExerciseRole.Player ? command.ComponentId ?? member.ComponentId : command.ComponentId;
        if (command.Role == ExerciseRole.Player && component is null)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["componentId"] = ["is required for a player who is not a member for a component."] });
        if (component is { } id && play.Mission.Component(id) is null) throw new NotFound("Component", id.ToString());
        if (command.UserName == exercise.CreatedBy && command.Role != ExerciseRole.Director)
            throw new StateConflict("director", $"{command.UserName} directs exercise '{exercise.Name}'.")
            { Facts = ErrorFacts.Of(("user", command.UserName), ("exercise", exercise.Name)) };
        var participant = new Participant(command.UserName, command.Role, component);
        return exercise.Participant(command.UserName) == participant ? [] : [new ParticipantAssigned(command.UserName, command.Role, component)];
    }
}

public sealed record RemoveParticipant(Guid ExerciseId, string UserName) : IExerciseCommand<RemoveParticipant>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() => new Check().Required("userName", UserName).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, RemoveParticipant command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        if (exercise.Participant(command.UserName) is null) throw new NotFound("Participant", command.UserName);
        if (command.UserName == exercise.CreatedBy) throw new StateConflict("director",
            $"{command.UserName} directs exercise '{exercise.Name}'.")
            { Facts = ErrorFacts.Of(("user", command.UserName), ("exercise", exercise.Name)) };
        return [new ParticipantRemoved(command.UserName)];
    }
}

using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Play;

/// <summary>A player's free-text response to an inject they received.</summary>
public sealed record AnswerInject(Guid ExerciseId, Guid ResponseId, Guid InjectId, string Text) : IExerciseCommand<AnswerInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Players;

    public void Validate() => new Check().NotEmpty("responseId", ResponseId).Required("text", Text, Check.LongText).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, AnswerInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.InPlay(play);
        var player = ExerciseRules.Acting(exercise, context);
        var inject = ExerciseRules.Received(exercise, command.InjectId, player);
        if (exercise.Responses.Any(r => r.Id == command.ResponseId)) throw new StateConflict("response-exists", $"Response {command.ResponseId} was already given.");
        return [new InjectAnswered(command.ResponseId, inject.Id, command.Text.Trim(), player.ComponentId)];
    }
}

using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ResponseRequest(Guid InjectId, string Text);

public static class AnswerInjectEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/responses",
        Summary = "A player's free-text response to an inject they received.")]
    public static ExerciseCommand<AnswerInject> Post(Guid exerciseId, ResponseRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AnswerInject(exerciseId, id, body.InjectId, body.Text),
            play => (play.Exercise.Responses.FirstOrDefault(r => r.Id == id), play.Exercise.Version));
    }
}

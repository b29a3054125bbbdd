using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ImprovementRequest(string Description, string Owner, DateOnly Due, Guid? GapId = null);

public static class AgreeImprovementEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/improvements",
        Summary = "An improvement action agreed in the hot wash, with an owner and a due date.")]
    public static ExerciseCommand<AgreeImprovement> Post(Guid exerciseId, ImprovementRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AgreeImprovement(exerciseId, id, body.GapId, body.Description, body.Owner, body.Due),
            play => (play.Exercise.Improvements.FirstOrDefault(i => i.Id == id), play.Exercise.Version),
            $"/api/exercises/{exerciseId}/improvements/{id}");
    }
}

using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ObservationRequest(string Text, Guid? InjectId = null, Guid? DecisionId = null, Rating? Rating = null);

public static class RecordObservationEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/observations",
        Summary = "A controller's or evaluator's observation, on an inject, a decision, or play at large.")]
    public static ExerciseCommand<RecordObservation> Post(Guid exerciseId, ObservationRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new RecordObservation(exerciseId, id, body.InjectId, body.DecisionId, body.Text, body.Rating),
            play => (play.Exercise.Observations.FirstOrDefault(o => o.Id == id), play.Exercise.Version),
            $"/api/exercises/{exerciseId}/observations/{id}");
    }
}

using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record GapRequest(string Description, Guid? InjectId = null, Guid? ThreatId = null);

public static class RecordGapEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/gaps",
        Summary = "A gap the exercise found in the strategy.")]
    public static ExerciseCommand<RecordGap> Post(Guid exerciseId, GapRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new RecordGap(exerciseId, id, body.Description, body.InjectId, body.ThreatId),
            play => (play.Exercise.Gaps.FirstOrDefault(g => g.Id == id), play.Exercise.Version),
            $"/api/exercises/{exerciseId}/gaps/{id}");
    }
}

using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record HotWashEntryRequest(HotWashKind Kind, string Text);

public static class RecordHotWashEntryEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/hot-wash",
        Summary = "A hot-wash entry once play ended: what went well or what did not (up to 500 characters), by " +
            "anyone in the exercise, recorded with their exercise role. 409 before the exercise ends.")]
    public static ExerciseCommand<RecordHotWashEntry> Post(
        Guid exerciseId, HotWashEntryRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new RecordHotWashEntry(exerciseId, id, body.Kind, body.Text),
            play => (play.Exercise.HotWash.FirstOrDefault(e => e.Id == id), play.Exercise.Version),
            $"/api/exercises/{exerciseId}/hot-wash/{id}");
    }
}

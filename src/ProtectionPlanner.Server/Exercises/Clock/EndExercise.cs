using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class EndExerciseEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/clock/end",
        Summary = "Ends play; the hot wash and the report follow.")]
    public static ExerciseCommand<EndExercise> Post(Guid exerciseId) => new(new EndExercise(exerciseId), ExerciseHttp.Clock);
}

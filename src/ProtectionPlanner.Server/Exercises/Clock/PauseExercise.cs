using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class PauseExerciseEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/clock/pause",
        Summary = "Pauses the clock.")]
    public static ExerciseCommand<PauseExercise> Post(Guid exerciseId) => new(new PauseExercise(exerciseId), ExerciseHttp.Clock);
}

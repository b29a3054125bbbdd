using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record SpeedRequest(double Speed);

public static class StartExerciseEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/clock/start",
        Summary = "Starts the exercise clock at T+00:00, running speed times wall time.")]
    public static ExerciseCommand<StartExercise> Post(Guid exerciseId, SpeedRequest body) =>
        new(new StartExercise(exerciseId, body.Speed), ExerciseHttp.Clock);
}

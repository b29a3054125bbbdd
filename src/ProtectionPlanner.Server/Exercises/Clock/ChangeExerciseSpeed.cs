using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class ChangeExerciseSpeedEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/clock/speed",
        Summary = "Changes the clock's speed.")]
    public static ExerciseCommand<ChangeExerciseSpeed> Post(Guid exerciseId, SpeedRequest body) =>
        new(new ChangeExerciseSpeed(exerciseId, body.Speed), ExerciseHttp.Clock);
}

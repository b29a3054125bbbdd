using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class ResumeExerciseEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/clock/resume",
        Summary = "Resumes the clock.")]
    public static ExerciseCommand<ResumeExercise> Post(Guid exerciseId) => new(new ResumeExercise(exerciseId), ExerciseHttp.Clock);
}

using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class ReleaseInjectEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/injects/{injectId:guid}/release",
        Summary = "Releases an inject to its players now.")]
    public static ExerciseCommand<ReleaseInject> Post(Guid exerciseId, Guid injectId) =>
        new(new ReleaseInject(exerciseId, injectId), play => ExerciseHttp.Inject(play, injectId));
}

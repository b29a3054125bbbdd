using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class SkipInjectEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/injects/{injectId:guid}/skip",
        Summary = "Skips an unreleased inject, with the reason.")]
    public static ExerciseCommand<SkipInject> Post(Guid exerciseId, Guid injectId, ReasonRequest body) =>
        new(new SkipInject(exerciseId, injectId, body.Reason), play => ExerciseHttp.Inject(play, injectId));
}

using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ScenarioTimeRequest(TimeSpan ScenarioTime);

public static class DelayInjectEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/injects/{injectId:guid}/delay",
        Summary = "Moves an unreleased inject to another scenario time.")]
    public static ExerciseCommand<DelayInject> Post(Guid exerciseId, Guid injectId, ScenarioTimeRequest body) =>
        new(new DelayInject(exerciseId, injectId, body.ScenarioTime), play => ExerciseHttp.Inject(play, injectId));
}

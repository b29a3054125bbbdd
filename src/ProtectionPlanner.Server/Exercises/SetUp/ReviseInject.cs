using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class ReviseInjectEndpoint
{
    [Tags("Exercises")]
    [WolverinePut("/api/exercises/{exerciseId:guid}/injects/{injectId:guid}",
        Summary = "Edits an unreleased inject. If-Match: the inject's version.")]
    public static ExerciseCommand<ReviseInject> Put(Guid exerciseId, Guid injectId, InjectRequest body, CommandRequest request) =>
        new(new ReviseInject(exerciseId, injectId, request.RequiredIfMatch(), body.Details), play => ExerciseHttp.Inject(play, injectId));
}

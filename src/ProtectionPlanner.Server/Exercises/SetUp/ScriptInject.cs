using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record InjectRequest(InjectDetails Details);

public static class ScriptInjectEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/injects",
        Summary = "Adds an inject to the MSEL (during play too: contingency injects).")]
    public static ExerciseCommand<ScriptInject> Post(Guid exerciseId, InjectRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new ScriptInject(exerciseId, id, body.Details), play => ExerciseHttp.Inject(play, id), $"/api/exercises/{exerciseId}/injects/{id}");
    }
}

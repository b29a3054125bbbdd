using Marten;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record CreateExerciseRequest(Guid StrategyId, string Name, long? StrategyVersion = null, string? Scenario = null);

public static class CreateExerciseEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises",
        Summary = "Creates an exercise on the strategy at a version (default: the current one); you direct it.")]
    public static async Task<ExerciseCommand<CreateExercise>> Post(
        CreateExerciseRequest body, CommandRequest request, IDocumentSession session, CancellationToken ct)
    {
        var version = body.StrategyVersion ?? (await session.Events.FetchStreamStateAsync(body.StrategyId, ct))?.Version ?? 0;
        var command = new CreateExercise(request.NewId(), body.StrategyId, version == 0 ? 1 : version, body.Name, body.Scenario);
        return new(command, play => (ExerciseSummary.Of(play.Exercise), play.Exercise.Version), $"/api/exercises/{command.ExerciseId}");
    }
}

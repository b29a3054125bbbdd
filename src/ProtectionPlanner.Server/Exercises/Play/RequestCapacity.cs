using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record CapacityDecision(string Rationale, Guid ComponentId, Commitment Commitment, Guid? ActivityId = null, Guid? InjectId = null);

public static class RequestCapacityEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/request-capacity",
        Summary = "A player asks a component for capacity (people, assets).")]
    public static ExerciseCommand<RequestCapacity> Post(Guid exerciseId, CapacityDecision body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new RequestCapacity(exerciseId, id, body.InjectId, body.Rationale, new CapacityRequest(body.ComponentId, body.Commitment, body.ActivityId)),
            play => PlayerDecisions.Decision(play, id));
    }
}

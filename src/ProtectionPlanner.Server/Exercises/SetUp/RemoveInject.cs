using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class RemoveInjectEndpoint
{
    [Tags("Exercises")]
    [WolverineDelete("/api/exercises/{exerciseId:guid}/injects/{injectId:guid}",
        Summary = "Takes an unreleased inject out of the MSEL.")]
    public static ExerciseCommand<RemoveInject> Delete(Guid exerciseId, Guid injectId) => new(new RemoveInject(exerciseId, injectId));
}

using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class RemoveParticipantEndpoint
{
    [Tags("Exercises")]
    [WolverineDelete("/api/exercises/{exerciseId:guid}/participants/{userName}",
        Summary = "Takes a participant out of the exercise.")]
    public static ExerciseCommand<RemoveParticipant> Delete(Guid exerciseId, string userName) =>
        new(new RemoveParticipant(exerciseId, userName));
}

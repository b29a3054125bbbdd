using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ParticipantRequest(string UserName, ExerciseRole Role, Guid? ComponentId = null);

public static class AssignParticipantEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/participants",
        Summary = "Gives a mission member a role in the exercise; players play for a component (by default the one they are a member for).")]
    public static ExerciseCommand<AssignParticipant> Post(Guid exerciseId, ParticipantRequest body) =>
        new(new AssignParticipant(exerciseId, body.UserName, body.Role, body.ComponentId),
            play => (play.Exercise.Participant(body.UserName), play.Exercise.Version));
}

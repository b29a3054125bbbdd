using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>Sends exercise commands from HTTP and reads exercises for their participants.</summary>
internal static class ExerciseHttp
{
    public static async Task<IResult> SendAsync<TCommand>(
        HttpContext http, TCommand command, object? body, CancellationToken ct,
        Func<ExercisePlay, (object? Item, long? Version)>? item = null, string? created = null)
        where TCommand : IExerciseCommand<TCommand>
    {
        var pipeline = http.RequestServices.GetRequiredService<CommandPipeline>();
        var outcome = await pipeline.SendToExerciseAsync(CommandHttp.Actor(http), command, CommandHttp.Options(http, body), ct);
        var (representation, version) = item?.Invoke(outcome.State) ?? (null, null);
        return CommandHttp.Respond(http, outcome, representation, version, created);
    }

    /// <summary>The exercise, if it exists and the user may read its mission.</summary>
    public static async Task<(ExercisePlay Play, Actor Actor)> ReadAsync(HttpContext http, Guid exerciseId, CancellationToken ct)
    {
        var play = await http.RequestServices.GetRequiredService<ExerciseStates>().PlayAsync(exerciseId, ct);
        if (!play.Exercise.Exists) throw new NotFound("Exercise", exerciseId.ToString());
        var actor = CommandHttp.Actor(http);
        CommandPipeline.Authorize(actor, play.Mission, Permission.ReadMission);
        return (play, actor);
    }

    /// <summary>The user's part in the exercise, when it is one of <paramref name="roles"/>.</summary>
    public static Participant Require(ExercisePlay play, Actor actor, IReadOnlyList<ExerciseRole> roles, string what) =>
        play.Exercise.Participant(actor.UserName) is { } participant && roles.Contains(participant.Role)
            ? participant
            : throw new Forbidden($"{actor.UserName} may not {what} of exercise '{play.Exercise.Name}': it needs the exercise role {string.Join(" or ", roles)}.");

    public static (object?, long?) Inject(ExercisePlay play, Guid injectId) =>
        play.Exercise.Inject(injectId) is { } inject ? (ExerciseBoard.InjectFor(play, inject, control: true), inject.Stamp.Version) : (null, null);
}

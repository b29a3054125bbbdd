using Marten;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>Reads exercises for their participants, and what exercise commands answer with.</summary>
public static class ExerciseHttp
{
    /// <summary>The exercise as it is now, with its plan and its mission as it is now, if it exists.</summary>
    public static async Task<ExercisePlay?> PlayAsync(IDocumentSession session, Guid exerciseId, CancellationToken ct)
    {
        var state = await session.LatestAsync<ExerciseState>(exerciseId, ct);
        if (state is not { Exercise.Exists: true }) return null;
        return state.With(await session.LatestAsync<Mission>(state.Exercise.MissionId, ct) ?? Mission.None);
    }

    /// <summary>The exercise, if it exists and the user may read its mission.</summary>
    public static async Task<(ExercisePlay Play, Actor Actor)> ReadAsync(HttpContext http, Guid exerciseId, CancellationToken ct)
    {
        var play = await PlayAsync(http.RequestServices.GetRequiredService<IDocumentSession>(), exerciseId, ct)
                   ?? throw new NotFound("Exercise", exerciseId.ToString());
        var actor = CommandHttp.Actor(http);
        Authorization.Authorize(actor, play.Mission, Permission.ReadMission);
        return (play, actor);
    }

    /// <summary>The exercise, if the user may read its after-action report: the mission once it ended, until then its
    /// control and evaluators.</summary>
    public static async Task<ExercisePlay> ReadReportAsync(HttpContext http, Guid exerciseId, CancellationToken ct)
    {
        var (play, actor) = await ReadAsync(http, exerciseId, ct);
        var part = play.Exercise.Participant(actor.UserName);
        var evaluates = part is not null && ExerciseRules.Evaluation.Contains(part.Role);
        if (!evaluates && play.Exercise.Clock.State != ClockState.Ended)
            throw new Forbidden($"The report of exercise '{play.Exercise.Name}' opens to the mission when the " +
                                "exercise ends; until then to its controllers and evaluators.");
        return play;
    }

    /// <summary>The user's part in the exercise, when it is one of <paramref name="roles"/>.</summary>
    public static Participant Require(ExercisePlay play, Actor actor, IReadOnlyList<ExerciseRole> roles, string what) =>
        play.Exercise.Participant(actor.UserName) is { } participant && roles.Contains(participant.Role)
            ? participant
            : throw new Forbidden($"{actor.UserName} may not {what} of exercise '{play.Exercise.Name}': " +
                                  $"it needs the exercise role {string.Join(" or ", roles)}.");

    public static (object?, long?) Inject(ExercisePlay play, Guid injectId) =>
        play.Exercise.Inject(injectId) is { } inject ? (ExerciseBoard.InjectFor(play, inject, control: true), inject.Stamp.Version) : (null, null);

    public static (object?, long?) Clock(ExercisePlay play) => (play.Exercise.Clock, play.Exercise.Version);
}

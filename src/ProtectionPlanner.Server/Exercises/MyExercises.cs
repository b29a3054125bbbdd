using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Missions;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>An exercise the caller takes part in, with their part in it and where its clock stands.</summary>
public sealed record MyExercise(
    Guid ExerciseId, Guid MissionId, string MissionAcronym, string Name, ExerciseRole Role, Guid? ComponentId,
    string? ComponentName, ClockState State, TimeSpan ScenarioTime, DateTimeOffset? NextDueAt);

/// <summary>The exercises the caller plays, controls or evaluates that are running or still to come: where a player
/// lands after signing in.</summary>
public static class MyExercises
{
    public static void MapMyExercises(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me/exercises", async (HttpContext http, IDocumentSession session, NpgsqlDataSource dataSource,
                TimeProvider clock, CancellationToken ct) =>
            {
                var actor = CommandHttp.Actor(http);
                // Participants are members of the exercise's mission, so its other missions need not be read.
                var missions = (await MissionQueries.AllAsync(session, dataSource, ct)).Select(m => m.Mission)
                    .Where(m => m.Members.Any(member => member.UserName == actor.UserName)).ToDictionary(m => m.Id);
                await using var query = dataSource.CreateCommand(
                    $"select exercise_id from {MartenSetup.Schema}.exercises " +
                    "where mission_id = any(@missions) and state <> 'Ended' order by updated desc");
                query.Parameters.AddWithValue("missions", missions.Keys.ToArray());
                var ids = new List<Guid>();
                await using (var reader = await query.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));

                var now = clock.GetUtcNow();
                var mine = new List<MyExercise>();
                foreach (var id in ids)
                {
                    var exercise = (await session.LatestAsync<ExerciseState>(id, ct))?.Exercise;
                    if (exercise is not { Exists: true }) continue;
                    if (exercise.Participant(actor.UserName) is not { } part
                        || !missions.TryGetValue(exercise.MissionId, out var mission)) continue;
                    mine.Add(new MyExercise(exercise.Id, mission.Id, mission.Acronym, exercise.Name, part.Role,
                        part.ComponentId, part.ComponentId is { } c ? mission.Component(c)?.Name : null,
                        exercise.Clock.State, exercise.Clock.ScenarioTime(now), exercise.NextDueAt));
                }
                // Running play first, then paused, then those not started yet.
                return TypedResults.Ok(mine.Where(e => e.State != ClockState.Ended)
                    .OrderBy(e => e.State switch { ClockState.Running => 0, ClockState.Paused => 1, _ => 2 }).ToList());
            })
            .WithTags("Exercises")
            .WithSummary("Your running and upcoming exercises (not ended), with your part in each: running first.");
}

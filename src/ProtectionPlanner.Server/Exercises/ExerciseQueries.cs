using System.Text;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>Reading exercises: a mission's list, a participant's board, the MSEL as CSV, the after-action report.</summary>
public static class ExerciseQueries
{
    public static void MapExerciseQueries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/missions/{missionId:guid}/exercises",
                async (Guid missionId, HttpContext http, Marten.IDocumentSession session, NpgsqlDataSource dataSource, CancellationToken ct) =>
                {
                    await MissionQueries.ReadAsync(http, session, missionId, ct);
                    await using var query = dataSource.CreateCommand(
                        $"select data::text from {MartenSetup.Schema}.exercises where mission_id = @id order by updated desc");
                    query.Parameters.AddWithValue("id", missionId);
                    var list = new StringBuilder("[");
                    await using var reader = await query.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) list.Append(list.Length > 1 ? "," : "").Append(reader.GetString(0));
                    return TypedResults.Text(list.Append(']').ToString(), "application/json");
                })
            .WithTags("Exercises").WithSummary("The mission's exercises, most recently active first.").Produces<List<ExerciseSummary>>();

        var exercise = app.MapGroup("/api/exercises/{exerciseId:guid}").WithTags("Exercises");
        exercise.MapGet("/", async (Guid exerciseId, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                var (play, actor) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
                var you = play.Exercise.Participant(actor.UserName)
                    ?? throw new Forbidden($"{actor.UserName} takes no part in exercise '{play.Exercise.Name}'.");
                return CommandHttp.Representation(http, ExerciseBoard.For(play, you, clock.GetUtcNow()), play.Exercise.Version);
            })
            .WithSummary("The exercise board as you may see it: players see only the injects released to them, never expected actions or evaluators' notes.")
            .Produces<ExerciseBoard>();
        exercise.MapGet("/msel.csv", async (Guid exerciseId, HttpContext http, CancellationToken ct) =>
            {
                var (play, actor) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
                ExerciseHttp.Require(play, actor, ExerciseRules.Evaluation, "read the MSEL");
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"msel-{exerciseId}.csv\"";
                return TypedResults.Text(MselCsv.Write(play), "text/csv; charset=utf-8");
            })
            .WithSummary("The MSEL as CSV, in the columns MSEL spreadsheets use: " + string.Join(", ", MselCsv.Columns) + ".");
        exercise.MapGet("/report", async (Guid exerciseId, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                var play = await ExerciseHttp.ReadReportAsync(http, exerciseId, ct);
                var strategy = (await StrategyHttp.ReadAsync(http, play.Exercise.StrategyId, ct)).Strategy;
                var report = AfterActionReport.Of(play, clock.GetUtcNow(), strategy.Improvements);
                return CommandHttp.Representation(http, report, play.Exercise.Version);
            })
            .WithSummary("The after-action report: each inject with the decisions and responses it drew and the time to the first, expected against actual action, observations, gaps and improvement actions.")
            .Produces<AfterActionReport>();
    }
}

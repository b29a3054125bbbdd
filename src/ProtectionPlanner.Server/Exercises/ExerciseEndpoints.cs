using System.Text;
using System.Text.Json;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Exercises;

public sealed record CreateExerciseRequest(Guid StrategyId, string Name, long? StrategyVersion = null, string? Scenario = null);

public sealed record ParticipantRequest(string UserName, ExerciseRole Role, Guid? ComponentId = null);

public sealed record InjectRequest(InjectDetails Details);

public sealed record ScenarioTimeRequest(TimeSpan ScenarioTime);

public sealed record SpeedRequest(double Speed);

/// <summary>How many injects an import added, and the whole MSEL after it.</summary>
public sealed record MselImported(int Imported, IReadOnlyList<object> Msel);

/// <summary>Setting up and running exercises: creation, participants, the MSEL, the clock, releases. docs/exercises.md.</summary>
public static class ExerciseEndpoints
{
    public static void MapExerciseEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/exercises", async (CreateExerciseRequest body, HttpContext http, PlanningStates states, CancellationToken ct) =>
            {
                var version = body.StrategyVersion ?? (await states.StrategyAsync(body.StrategyId, ct)).Version;
                var command = new CreateExercise(CommandHttp.NewId(http, body), body.StrategyId, version == 0 ? 1 : version, body.Name, body.Scenario);
                return await ExerciseHttp.SendAsync(http, command, body, ct, play => (ExerciseSummary.Of(play.Exercise), play.Exercise.Version), $"/api/exercises/{command.ExerciseId}");
            })
            .WithTags("Exercises").WithSummary("Creates an exercise on the strategy at a version (default: the current one); you direct it.");

        app.MapGet("/api/missions/{missionId:guid}/exercises", async (Guid missionId, HttpContext http, PlanningStates states, NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                var mission = await states.MissionAsync(missionId, ct);
                if (!mission.Exists) throw new NotFound("Mission", missionId.ToString());
                CommandPipeline.Authorize(CommandHttp.Actor(http), mission, Permission.ReadMission);
                await using var query = dataSource.CreateCommand("select data::text from read_models.exercises where mission_id = @id order by updated desc");
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

        exercise.MapPost("/participants", (Guid exerciseId, ParticipantRequest body, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new AssignParticipant(exerciseId, body.UserName, body.Role, body.ComponentId), body, ct,
                    play => (play.Exercise.Participant(body.UserName), play.Exercise.Version)))
            .WithSummary("Gives a mission member a role in the exercise; players play for a component (by default the one they are a member for).");
        exercise.MapDelete("/participants/{userName}", (Guid exerciseId, string userName, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new RemoveParticipant(exerciseId, userName), null, ct))
            .WithSummary("Takes a participant out of the exercise.");

        exercise.MapGet("/msel.csv", async (Guid exerciseId, HttpContext http, CancellationToken ct) =>
            {
                var (play, actor) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
                ExerciseHttp.Require(play, actor, ExerciseRules.Evaluation, "read the MSEL");
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"msel-{exerciseId}.csv\"";
                return TypedResults.Text(MselCsv.Write(play), "text/csv; charset=utf-8");
            })
            .WithSummary("The MSEL as CSV, in the columns MSEL spreadsheets use: " + string.Join(", ", MselCsv.Columns) + ".");
        exercise.MapPost("/msel", async (Guid exerciseId, HttpContext http, CancellationToken ct) =>
            {
                var csv = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(ct);
                if (TextWithoutNul.Holds(csv)) throw new BadRequest(400, "validation", "Invalid request", TextWithoutNul.Refusal, "body");
                return await ExerciseHttp.SendAsync(http, new ImportMsel(exerciseId, csv), csv, ct, play =>
                    (new MselImported(Csv.Read(csv).Count - 1, play.Exercise.Injects.Select(i => (object)ExerciseBoard.InjectFor(play, i, control: true)).ToList()),
                     play.Exercise.Version));
            })
            .WithSummary("Imports a MSEL spreadsheet: the body is the CSV text (text/csv); every row or none; a 400 names each bad row ('row 3') and what is wrong with it.");

        exercise.MapPost("/injects", (Guid exerciseId, InjectRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return ExerciseHttp.SendAsync(http, new ScriptInject(exerciseId, id, body.Details), body, ct,
                    play => ExerciseHttp.Inject(play, id), $"/api/exercises/{exerciseId}/injects/{id}");
            })
            .WithSummary("Adds an inject to the MSEL (during play too: contingency injects).");
        exercise.MapPut("/injects/{injectId:guid}", (Guid exerciseId, Guid injectId, InjectRequest body, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new ReviseInject(exerciseId, injectId, CommandHttp.RequiredIfMatch(http), body.Details), body, ct,
                    play => ExerciseHttp.Inject(play, injectId)))
            .WithSummary("Edits an unreleased inject. If-Match: the inject's version.");
        exercise.MapDelete("/injects/{injectId:guid}", (Guid exerciseId, Guid injectId, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new RemoveInject(exerciseId, injectId), null, ct))
            .WithSummary("Takes an unreleased inject out of the MSEL.");
        exercise.MapPost("/injects/{injectId:guid}/release", (Guid exerciseId, Guid injectId, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new ReleaseInject(exerciseId, injectId), null, ct, play => ExerciseHttp.Inject(play, injectId)))
            .WithSummary("Releases an inject to its players now.");
        exercise.MapPost("/injects/{injectId:guid}/delay", (Guid exerciseId, Guid injectId, ScenarioTimeRequest body, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new DelayInject(exerciseId, injectId, body.ScenarioTime), body, ct, play => ExerciseHttp.Inject(play, injectId)))
            .WithSummary("Moves an unreleased inject to another scenario time.");
        exercise.MapPost("/injects/{injectId:guid}/skip", (Guid exerciseId, Guid injectId, ReasonRequest body, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new SkipInject(exerciseId, injectId, body.Reason), body, ct, play => ExerciseHttp.Inject(play, injectId)))
            .WithSummary("Skips an unreleased inject, with the reason.");

        var clock = exercise.MapGroup("/clock");
        clock.MapPost("/start", (Guid exerciseId, SpeedRequest body, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new StartExercise(exerciseId, body.Speed), body, ct, Clock))
            .WithSummary("Starts the exercise clock at T+00:00, running speed times wall time.");
        clock.MapPost("/pause", (Guid exerciseId, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new PauseExercise(exerciseId), null, ct, Clock)).WithSummary("Pauses the clock.");
        clock.MapPost("/resume", (Guid exerciseId, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new ResumeExercise(exerciseId), null, ct, Clock)).WithSummary("Resumes the clock.");
        clock.MapPost("/speed", (Guid exerciseId, SpeedRequest body, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new ChangeExerciseSpeed(exerciseId, body.Speed), body, ct, Clock)).WithSummary("Changes the clock's speed.");
        clock.MapPost("/end", (Guid exerciseId, HttpContext http, CancellationToken ct) =>
                ExerciseHttp.SendAsync(http, new EndExercise(exerciseId), null, ct, Clock)).WithSummary("Ends play; the hot wash and the report follow.");
    }

    private static (object?, long?) Clock(ExercisePlay play) => (play.Exercise.Clock, play.Exercise.Version);
}

using System.Text;
using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Audit;

/// <summary>The outcome of a verification, and when it ran.</summary>
public sealed record VerifyResponse(
    bool Intact, long StreamsChecked, long EventsChecked, IReadOnlyList<IntegrityViolation> Violations,
    DateTimeOffset CheckedAt);

/// <summary>The verifiable record: verification (HQ), a strategy's record as JSON lines, its history as CSV.</summary>
public static class RecordEndpoints
{
    public static void MapRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/verify", async (
                HttpContext http, NpgsqlDataSource dataSource, IDocumentStore store, TimeProvider clock,
                CancellationToken ct) =>
            {
                var actor = CommandHttp.Actor(http);
                if (!actor.GlobalRoles.Contains(Role.HqReviewer) && !actor.GlobalRoles.Contains(Role.Administrator))
                    throw new Forbidden(
                        $"{actor.UserName} may not verify the record: HQ reviewers and administrators only.");
                var report = await RecordVerification.VerifyAsync(dataSource, store.Options.Events.DatabaseSchemaName,
                    ct: ct);
                return TypedResults.Ok(new VerifyResponse(report.IsIntact, report.StreamsChecked, report.EventsChecked,
                    report.Violations, clock.GetUtcNow()));
            })
            .WithTags("Audit")
            .WithSummary("Checks every stream's hash chain and head; names each edited, removed or reordered event " +
                         "(HQ reviewers and administrators).")
            .Produces<VerifyResponse>();

        app.MapGet("/api/strategies/{strategyId:guid}/export", async (
                Guid strategyId, HttpContext http, NpgsqlDataSource dataSource, IDocumentStore store,
                TimeProvider clock, CancellationToken ct) =>
            {
                await StrategyHttp.ReadAsync(http, strategyId, ct);
                http.Response.ContentType = "application/x-ndjson; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"strategy-{strategyId}.jsonl\"";
                await RecordExport.WriteAsync(dataSource, store.Options.Events.DatabaseSchemaName, strategyId, clock,
                    line => http.Response.WriteAsync(line + "\n", ct), ct);
                return Results.Empty;
            })
            .WithTags("Audit")
            .WithSummary("The strategy's full record as JSON lines: every event as stored, with its metadata and " +
                         "hash, then the head. Check it offline with `audit verify-export FILE`.");

        app.MapGet("/api/strategies/{strategyId:guid}/history.csv", async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                await StrategyHttp.ReadAsync(http, strategyId, ct);
                var csv = new StringBuilder("at,actor,role,event,reason,summary,items,view_version,stream_version\r\n");
                foreach (var entry in await HistoryEndpoints.AllAsync(http, [strategyId], ct))
                    csv.AppendJoin(',', new[]
                    {
                        entry.At.ToString("O"), entry.Actor, entry.Role ?? "", entry.Event, entry.Reason ?? "", entry.Summary,
                        string.Join(" ", entry.Items.Select(i => $"{i.Kind}:{i.Op}{(i.Id is null ? "" : ":" + i.Id)}")),
                        entry.ViewVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.StreamVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }.Select(Csv.Cell)).Append("\r\n");
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"strategy-{strategyId}-history.csv\"";
                return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
            })
            .WithTags("Audit").WithSummary("The strategy's history as CSV for spreadsheets, oldest first; the history filters apply.");
    }
}

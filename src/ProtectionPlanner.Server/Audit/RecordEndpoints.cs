using System.Text;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Audit;

/// <summary>The outcome of a verification, and when it ran.</summary>
public sealed record VerifyResponse(bool Intact, long StreamsChecked, long EventsChecked, IReadOnlyList<IntegrityViolation> Violations, DateTimeOffset CheckedAt);

/// <summary>The verifiable record: verification (HQ), a strategy's record as JSON lines, its history as CSV.</summary>
public static class RecordEndpoints
{
    public static void MapRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/verify", async (HttpContext http, EventStore.EventStore store, TimeProvider clock, CancellationToken ct) =>
            {
                var actor = CommandHttp.Actor(http);
                if (!actor.GlobalRoles.Contains(Role.HqReviewer) && !actor.GlobalRoles.Contains(Role.Administrator))
                    throw new Forbidden($"{actor.UserName} may not verify the record: HQ reviewers and administrators only.");
                var report = await store.VerifyAsync(cancellationToken: ct);
                return TypedResults.Ok(new VerifyResponse(report.IsIntact, report.StreamsChecked, report.EventsChecked, report.Violations, clock.GetUtcNow()));
            })
            .WithTags("Audit").WithSummary("Checks every stream's hash chain and ledger; names each edited, removed or reordered event (HQ reviewers and administrators).")
            .Produces<VerifyResponse>();

        app.MapGet("/api/strategies/{strategyId:guid}/export", async (Guid strategyId, HttpContext http, EventStore.EventStore store, TimeProvider clock, CancellationToken ct) =>
            {
                await StrategyHttp.ReadAsync(http, strategyId, ct);
                http.Response.ContentType = "application/x-ndjson; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"strategy-{strategyId}.jsonl\"";
                await WriteExportAsync(store, strategyId, clock, line => http.Response.WriteAsync(line + "\n", ct), ct);
                return Results.Empty;
            })
            .WithTags("Audit").WithSummary("The strategy's full record as JSON lines: every event with its metadata and hash, then the head. Check it offline with `audit verify-export FILE`.");

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

    /// <summary>Writes a stream's record: one line per event, then the head.</summary>
    public static async Task<long> WriteExportAsync(EventStore.EventStore store, Guid streamId, TimeProvider clock, Func<string, Task> write, CancellationToken ct)
    {
        ExportedEvent? last = null;
        long count = 0;
        await foreach (var @event in store.ExportStreamAsync(streamId, ct))
        {
            await write(RecordExport.Line(@event));
            (last, count) = (@event, count + 1);
        }
        await write(RecordExport.HeadLine(new ExportHead(streamId, last?.Version ?? 0, last?.Hash ?? "", count, clock.GetUtcNow())));
        return count;
    }
}

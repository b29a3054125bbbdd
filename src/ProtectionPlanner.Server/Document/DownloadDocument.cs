using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Document;

/// <summary>
/// <c>GET /api/strategies/{id}/document.pdf?version=N</c> (version optional: now): the strategy document as a PDF,
/// printed by headless Chromium from the web UI's own print route, seen as the caller sees it.
/// </summary>
public static class DownloadDocument
{
    /// <summary>"ready" once the print route has the plan and its digest on the page, and its fonts; "failed" when it
    /// says it cannot show the strategy.</summary>
    private const string Ready = "document.fonts.ready.then(() => " +
        "document.querySelector('[data-testid=\"strategy-document\"][data-ready=\"true\"]') ? 'ready' " +
        ": document.querySelector('[data-testid=\"document-failed\"]') ? 'failed' : 'loading')";

    public static void MapDownloadDocument(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/strategies/{strategyId:guid}/document.pdf", async (
                Guid strategyId, long? version, HttpContext http, ChromiumPdf chromium, NpgsqlDataSource dataSource,
                IDocumentStore store, PlanHistory history, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                var at = version ?? planning.Strategy.Version;
                // 404 for a version the stream lacks, before any browser starts.
                await VersionDigestEndpoint.AtAsync(dataSource, store.Options.Events.DatabaseSchemaName, strategyId,
                    at, ct);
                var revision = version is null ? planning.Strategy.Revision
                    : (await history.StrategyAtAsync(strategyId, at, ct)).Revision;
                var session = PrintSession.Of(http);
                var route = $"#/strategies/{strategyId}/print{(version is null ? "" : $"/{at}")}";
                var pdf = await chromium.RenderAsync(route, session, Ready, ct);
                var acronym = new string(planning.Mission.Acronym.Where(char.IsAsciiLetterOrDigit).ToArray());
                var name = $"{(acronym.Length > 0 ? acronym : "mission")}-strategy-r{revision}-v{at}.pdf";
                // ASCII only (the acronym's letters and digits), so the plain quoted form needs no filename*.
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                return TypedResults.Bytes(pdf, "application/pdf");
            })
            .WithTags("Audit")
            .WithSummary("The strategy document at ?version= (default: now) as a PDF, printed by headless Chromium " +
                         "from the web UI's print view as the caller sees it. 503 when no Chromium is available or " +
                         "rendering takes over 30 s.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
}

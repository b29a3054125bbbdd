using System.Text;
using ProtectionPlanner.Server.Document;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>
/// <c>GET /api/exercises/{id}/report.pdf</c>: the after-action report as a PDF, printed by the same headless Chromium
/// as the strategy document from the web UI's print view of the report, as the caller sees it.
/// </summary>
public static class DownloadReport
{
    /// <summary>"ready" once the print view shows the report, with its fonts; "failed" when it cannot.</summary>
    private const string Ready = "document.fonts.ready.then(() => " +
        "document.querySelector('[data-testid=\"aar\"][data-ready=\"true\"]') ? 'ready' " +
        ": document.querySelector('[data-testid=\"report-failed\"]') ? 'failed' : 'loading')";

    public static void MapDownloadReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/exercises/{exerciseId:guid}/report.pdf", async (
                Guid exerciseId, HttpContext http, ChromiumPdf chromium, CancellationToken ct) =>
            {
                // Who may not read the report gets 403 before any browser starts.
                var play = await ExerciseHttp.ReadReportAsync(http, exerciseId, ct);
                var pdf = await chromium.RenderAsync(
                    $"#/exercises/{exerciseId}/report/print", PrintSession.Of(http), Ready, ct);
                var acronym = Ascii(play.Mission.Acronym, 20);
                var name = $"{(acronym.Length > 0 ? acronym : "mission")}-after-action-report" +
                           $"{(Ascii(play.Exercise.Name, 60) is { Length: > 0 } slug ? "-" + slug : "")}.pdf";
                // ASCII only, so the plain quoted form needs no filename*.
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                return TypedResults.Bytes(pdf, "application/pdf");
            })
            .WithTags("Exercises")
            .WithSummary("The after-action report as a PDF, printed by headless Chromium from the web UI's print " +
                         "view as the caller sees it (in French when Accept-Language prefers it). 503 when no " +
                         "Chromium is available or rendering takes over 30 s.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");

    /// <summary>The name's ASCII letters and digits, other runs as one hyphen, at most <paramref name="length"/>.
    /// </summary>
    private static string Ascii(string name, int length)
    {
        var slug = new StringBuilder();
        foreach (var c in name)
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        var text = slug.ToString();
        return text[..Math.Min(text.Length, length)].Trim('-');
    }
}

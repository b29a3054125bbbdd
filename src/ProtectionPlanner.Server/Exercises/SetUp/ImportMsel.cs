using System.Text;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>How many injects an import added, and the whole MSEL after it.</summary>
public sealed record MselImported(int Imported, IReadOnlyList<object> Msel);

public static class ImportMselEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/msel",
        Summary = "Imports a MSEL spreadsheet: the body is the CSV text (text/csv); every row or none; a 400 names each bad row ('row 3') and what is wrong with it.")]
    public static async Task<ExerciseCommand<ImportMsel>> Post(Guid exerciseId, HttpContext http)
    {
        var csv = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);
        if (TextWithoutNul.Holds(csv)) throw new BadRequest(400, "validation", "Invalid request", TextWithoutNul.Refusal, "body");
        return new(new ImportMsel(exerciseId, csv), play => (new MselImported(Csv.Read(csv).Count - 1,
            play.Exercise.Injects.Select(i => (object)ExerciseBoard.InjectFor(play, i, control: true)).ToList()), play.Exercise.Version));
    }
}

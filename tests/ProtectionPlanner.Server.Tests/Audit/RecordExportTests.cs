using ProtectionPlanner.Server.Audit;

namespace ProtectionPlanner.Server.Tests.Audit;

/// <summary>A stream's record exported from Marten as JSON lines, checked offline: any change to the file is
/// found.</summary>
public sealed class RecordExportTests(AuditedStore database) : IClassFixture<AuditedStore>
{
    [Fact]
    public async Task An_export_verifies_offline_and_an_edited_removed_swapped_or_added_line_or_edited_head_fails()
    {
        var lines = await ExportAsync(await Appending.StreamOfFiveAsync(database.Store));

        Assert.Equal(6, lines.Count);
        Assert.Empty(RecordExport.Verify(lines));
        Assert.Contains(Verify(Edit(lines, 2, "\"role\":\"planner\"", "\"role\":\"administrator\"")),
            p => (p.Line, p.Version) == (3, 3));
        Assert.Contains(Verify(Edit(lines, 1, "Cattle raids", "Cattle thefts")), p => (p.Line, p.Version) == (2, 2));
        Assert.Contains(Verify(Edit(lines, 3, "\"userName\":\"planner1\"", "\"userName\":\"hq1\"")),
            p => p.Version == 4);
        Assert.Contains(Verify(lines.Where((_, i) => i != 2)),
            p => p.Version == 4 && p.Description.Contains("follows version 2"));
        var swapped = lines.ToList();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
        Assert.True(Verify(swapped).Count >= 2);
        Assert.Contains(Verify(lines.Take(lines.Count - 1)), p => p.Description.Contains("head line is missing"));
        Assert.Contains(Verify(Edit(lines, 5, "\"version\":", "\"version\":1")),
            p => p.Description.Contains("The head says"));
        Assert.Contains(Verify([.. lines[..^2], lines[^1]]), p => p.Description.Contains("head"));
        Assert.Contains(Verify([.. lines, lines[1]]), p => p.Description.Contains("follows the head"));
    }

    [Fact]
    public async Task The_offline_verb_names_the_changed_line_and_exits_1_and_a_missing_file_is_bad_usage()
    {
        var file = Path.Combine(Path.GetTempPath(), $"record-{Guid.NewGuid():N}.jsonl");
        var lines = await ExportAsync(await Appending.StreamOfFiveAsync(database.Store));
        try
        {
            await File.WriteAllLinesAsync(file, lines);
            Assert.Equal(0, AuditCommand.VerifyExport(file));
            await File.WriteAllLinesAsync(file, Edit(lines, 3, "\"version\":4", "\"version\":5"));
            Assert.Equal(1, AuditCommand.VerifyExport(file));
            Assert.Equal(2, AuditCommand.VerifyExport(file + ".absent"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unknown_stream_exports_only_a_head_of_no_events()
    {
        var lines = await ExportAsync(Guid.NewGuid());

        Assert.Single(lines);
        Assert.Empty(RecordExport.Verify(lines));
    }

    private static IReadOnlyList<ExportProblem> Verify(IEnumerable<string> lines) => RecordExport.Verify(lines);

    private async Task<List<string>> ExportAsync(Guid stream)
    {
        var lines = new List<string>();
        await RecordExport.WriteAsync(database.DataSource, AuditedStore.Schema, stream, TimeProvider.System, line =>
        {
            lines.Add(line);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return lines;
    }

    private static List<string> Edit(List<string> lines, int index, string from, string to)
    {
        var edited = lines.ToList();
        Assert.Contains(from, edited[index]);
        edited[index] = edited[index].Replace(from, to, StringComparison.Ordinal);
        return edited;
    }
}

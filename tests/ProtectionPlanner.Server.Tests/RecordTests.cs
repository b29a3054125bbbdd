using System.Diagnostics;
using System.Net;
using ProtectionPlanner.Server.Audit;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The verifiable record: verification over the API (HQ only), exports checked offline, history as CSV.</summary>
public sealed class RecordTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Strategy = $"/api/strategies/{DemoApp.StrategyId}";

    [Fact]
    public async Task An_export_verifies_offline_and_any_edited_removed_swapped_or_appended_line_or_changed_head_is_found()
    {
        var lines = await ExportAsync();

        Assert.Empty(RecordExport.Verify(lines));
        var edited = lines.ToList();
        edited[4] = edited[4].Replace("planner", "plannerX", StringComparison.Ordinal);
        Assert.Contains(RecordExport.Verify(edited), p => p.Line == 5 && p.Version == 5);
        Assert.Contains(RecordExport.Verify(lines.Where((_, i) => i != 7)), p => p.Version == 9 && p.Description.Contains("follows version 7"));
        var swapped = lines.ToList();
        (swapped[2], swapped[3]) = (swapped[3], swapped[2]);
        Assert.True(RecordExport.Verify(swapped).Count >= 2);
        Assert.Contains(RecordExport.Verify(lines.Take(lines.Count - 1)), p => p.Description.Contains("head line is missing"));
        Assert.Contains(RecordExport.Verify(lines[..^1].Append(lines[^1].Replace("\"version\":", "\"version\":1", StringComparison.Ordinal))),
            p => p.Description.Contains("The head says"));
        Assert.Contains(RecordExport.Verify([.. lines[..^2], lines[^1]]), p => p.Description.Contains("head"));
    }

    [Fact]
    public async Task The_offline_verb_needs_no_database_and_exits_1_on_a_changed_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"record-{Guid.NewGuid():N}.jsonl");
        var lines = await ExportAsync();
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            Assert.Equal(0, (await VerifyExportAsync(file)).ExitCode);
            lines[10] = lines[10].Replace("\"version\":11", "\"version\":12", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(file, lines);
            var tampered = await VerifyExportAsync(file);
            Assert.Equal(1, tampered.ExitCode);
            Assert.Contains("line 11", tampered.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Verification_is_for_HQ_and_administrators_and_reports_the_record_intact()
    {
        var report = await (await (await app.ClientFor("hq1")).GetAsync("/api/audit/verify")).ReadAsync<VerifyResponse>();

        Assert.True(report.Intact);
        Assert.Equal(await app.EventCountAsync(), report.EventsChecked);
        await (await (await app.ClientFor("planner1")).GetAsync("/api/audit/verify")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientFor("admin1")).GetAsync("/api/audit/verify")).StatusCode);
    }

    [Fact]
    public async Task The_history_as_CSV_has_a_row_per_change_oldest_first_and_no_cell_a_spreadsheet_would_run_as_a_formula()
    {
        var planner = await app.ClientFor("planner2");
        var threat = (await planner.StrategyAsync(DemoApp.StrategyId)).Threats[3];
        (await planner.SendAsync(HttpMethod.Put, $"{Strategy}/threats/{threat.Id}?reason=%3DHYPERLINK(%22http%3A%2F%2Fx%22)",
            new Strategies.ThreatRequest(threat.Assessment with { Impact = threat.Assessment.Impact == 5 ? 4 : 5 }), ifMatch: threat.Stamp.Version)).EnsureSuccessStatusCode();
        await app.ViewsCaughtUpAsync();

        var response = await planner.GetAsync($"{Strategy}/history.csv");
        var csv = await response.Content.ReadAsStringAsync();
        var all = await (await planner.GetAsync($"{Strategy}/history?limit=500")).ReadAsync<HistoryPage>();
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("at,actor,role,event,reason,summary,items,view_version,stream_version", rows[0]);
        Assert.Equal(all.Entries.Count + 1, rows.Length);
        Assert.StartsWith(all.Entries[^1].At.ToString("O"), rows[1]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", rows[^1]);
        Assert.Equal("'=1+2", ProtectionPlanner.Domain.Common.Csv.Cell("=1+2"));
        Assert.Equal("\"a,b\"", ProtectionPlanner.Domain.Common.Csv.Cell("a,b"));
    }

    private async Task<List<string>> ExportAsync()
    {
        var response = await (await app.ClientFor("observer1")).GetAsync($"{Strategy}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static async Task<(int ExitCode, string Output)> VerifyExportAsync(string file)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll"), "audit", "verify-export", file])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment.Remove("PLANNER__DATABASE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}

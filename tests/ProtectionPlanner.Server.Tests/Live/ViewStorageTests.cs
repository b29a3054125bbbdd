using System.Net;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>A plan view is stored as a row of single values and one row per item: what a change writes, and what it serves.</summary>
public sealed class ViewStorageTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly Guid StrategyId = DemoApp.StrategyId;

    [Fact]
    public async Task A_reassessed_threat_rewrites_its_row_and_no_row_whose_item_is_unchanged()
    {
        var (planner, threat) = await ThreatInViewAsync("Stored item by item");
        var before = await ItemRowsAsync();

        var reassessed = await planner.ReassessThreatAsync(StrategyId, threat, "Stored item by item, reassessed");
        await planner.ViewAsync(StrategyId, reassessed.Stamp.Version);
        var after = await ItemRowsAsync();

        var rewritten = after.Where(row => !before.TryGetValue(row.Key, out var old) || old.Xmin != row.Value.Xmin).ToList();
        var threatRow = Assert.Single(rewritten, row => row.Key.List == "threats");
        Assert.Contains("Stored item by item, reassessed", threatRow.Value.Data);
        Assert.All(rewritten, row => Assert.NotEqual(before.GetValueOrDefault(row.Key).Data, row.Value.Data));
        Assert.True(rewritten.Count * 10 < after.Count, $"{rewritten.Count} of {after.Count} item rows were written for one threat.");
    }

    [Fact]
    public async Task The_view_kept_item_by_item_through_adds_edits_and_removals_is_the_view_a_rebuild_writes()
    {
        var planner = await app.ClientFor("planner1");
        var threat = await planner.IdentifyThreatAsync(StrategyId, Sample.Threat("Kept item by item"));
        var first = await planner.PlanActivityAsync(StrategyId, Sample.Activity(threat.Id, "Removed again, so later rows move up"));
        var second = await planner.PlanActivityAsync(StrategyId, Sample.Activity(threat.Id, "Stays, one position earlier"));
        var reassessed = await planner.ReassessThreatAsync(StrategyId, threat, "Kept item by item, reassessed");
        var removed = await planner.SendAsync(HttpMethod.Delete, $"/api/strategies/{StrategyId}/activities/{first.Id}", null, ifMatch: first.Stamp.Version);
        var version = (await removed.ReadAsync<CommandResponse>()).Version;
        var live = await ViewTextAsync(planner, version);
        Assert.Contains(second.Id.ToString(), live);
        Assert.DoesNotContain(first.Id.ToString(), live);

        Assert.True(await ReadModelRebuild.RunAsync(app.Factory.Services, "planning_views", null, CancellationToken.None));

        Assert.Equal(live, await ViewTextAsync(planner, version));

        // The views go on from the rebuilt tables (and what the rebuild's batches left): one more change, one version more.
        var viewVersion = await ViewVersionAsync();
        var after = await planner.ReassessThreatAsync(StrategyId, reassessed, "Kept item by item, after the rebuild");
        Assert.Contains("Kept item by item, after the rebuild", await ViewTextAsync(planner, after.Stamp.Version));
        Assert.Equal(viewVersion + 1, await ViewVersionAsync());
    }

    [Fact]
    public async Task A_view_row_changed_behind_the_projections_back_is_read_again_not_assumed_from_its_last_batch()
    {
        var (planner, threat) = await ThreatInViewAsync("Remembered by the projection");
        var remembered = await ViewVersionAsync();

        // As another node's run of the projection would, something else moves the view on.
        await using (var moved = app.DataSource.CreateCommand("update planner.strategy_views set view_version = view_version + 10 where strategy_id = @id"))
        {
            moved.Parameters.AddWithValue("id", StrategyId);
            Assert.Equal(1, await moved.ExecuteNonQueryAsync());
        }
        var reassessed = await planner.ReassessThreatAsync(StrategyId, threat, "Remembered by the projection, reassessed");
        await planner.ViewAsync(StrategyId, reassessed.Stamp.Version);

        // The change follows the row as it is, not as the projection's last batch left it.
        Assert.Equal(remembered + 11, await ViewVersionAsync());
    }

    /// <summary>planner1 identifies a threat and waits until the plan view shows it.</summary>
    private async Task<(HttpClient Planner, Threat Threat)> ThreatInViewAsync(string title)
    {
        var planner = await app.ClientFor("planner1");
        var threat = await planner.IdentifyThreatAsync(StrategyId, Sample.Threat(title));
        await planner.ViewAsync(StrategyId, threat.Stamp.Version);
        return (planner, threat);
    }

    private async Task<long> ViewVersionAsync()
    {
        await using var query = app.DataSource.CreateCommand("select view_version from planner.strategy_views where strategy_id = @id");
        query.Parameters.AddWithValue("id", StrategyId);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private static async Task<string> ViewTextAsync(HttpClient client, long version)
    {
        var response = await client.GetAsync($"/api/strategies/{StrategyId}/view?minVersion={version}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<Dictionary<(string List, int Position), (string Xmin, string Data)>> ItemRowsAsync()
    {
        await using var query = app.DataSource.CreateCommand(
            "select list, position, xmin::text, data::text from planner.strategy_view_items where strategy_id = @id");
        query.Parameters.AddWithValue("id", StrategyId);
        var rows = new Dictionary<(string, int), (string, string)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[(reader.GetString(0), reader.GetInt32(1))] = (reader.GetString(2), reader.GetString(3));
        return rows;
    }
}

using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Review comments through the API: threads on items, replies, resolution; in the view and the history.</summary>
public sealed class ReviewCommentTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Comments = $"/api/strategies/{DemoApp.StrategyId}/comments";

    [Fact]
    public async Task HQ_comments_on_a_threat_a_planner_replies_and_resolves_and_the_view_and_history_show_it()
    {
        var hq = await app.ClientFor("hq1");
        var planner = await app.ClientFor("planner1");
        var threat = (await planner.StrategyAsync(DemoApp.StrategyId)).Threats[1];

        var thread = await (await hq.SendAsync(HttpMethod.Post, Comments, new CommentRequest("Is the impact still 4 after the camp relocation?", null, "threat", threat.Id)))
            .ReadAsync<CommandResult<Comment>>(HttpStatusCode.Created);
        await (await planner.SendAsync(HttpMethod.Post, Comments, new CommentRequest("Yes: the firewood routes did not change.", thread.Item!.Id)))
            .ReadAsync<CommandResult<Comment>>(HttpStatusCode.Created);
        var resolved = await (await planner.SendAsync(HttpMethod.Post, $"{Comments}/{thread.Item.Id}/resolve")).ReadAsync<CommandResponse>();

        using var view = JsonDocument.Parse(await (await hq.GetAsync($"/api/strategies/{DemoApp.StrategyId}/view?minVersion={resolved.Version}")).Content.ReadAsStringAsync());
        var comments = view.RootElement.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(2, comments.Count);
        Assert.Equal((threat.Id, "threat", true, "planner1"), (comments[0].GetProperty("itemId").GetGuid(), comments[0].GetProperty("itemKind").GetString(),
            comments[0].GetProperty("resolved").GetBoolean(), comments[0].GetProperty("resolvedBy").GetString()));
        Assert.Equal(threat.Id, comments[1].GetProperty("itemId").GetGuid());

        var history = await (await hq.GetAsync($"/api/strategies/{DemoApp.StrategyId}/history?kind=comment&order=asc")).ReadAsync<HistoryPage>();
        Assert.Equal(["hq1", "planner1", "planner1"], history.Entries.Select(e => e.Actor));
        Assert.Equal("hq1 added comment 'Is the impact still 4 after the camp relocation?'", history.Entries[0].Summary);
        Assert.Equal("planner1 resolved the thread of comment 'Is the impact still 4 after the camp relocation?'", history.Entries[2].Summary);
    }

    [Fact]
    public async Task Observers_may_not_comment_and_a_comment_on_an_unknown_item_is_404_and_appends_nothing()
    {
        var events = await app.EventCountAsync();

        await (await (await app.ClientFor("observer1")).SendAsync(HttpMethod.Post, Comments, new CommentRequest("Looks fine")))
            .ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await (await app.ClientFor("reviewer1")).SendAsync(HttpMethod.Post, Comments, new CommentRequest("Which one?", null, "activity", Guid.NewGuid())))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");

        Assert.Equal(events, await app.EventCountAsync());
    }
}

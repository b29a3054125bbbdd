using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests.Exercises;

/// <summary>Improvements adopted from an exercise, tracked in the strategy and turned into activities.</summary>
public sealed class ImprovementTrackingTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Improvements = $"/api/strategies/{DemoApp.StrategyId}/improvements";

    /// <summary>An improvement agreed on a gap about a demo threat, adopted by planner1: its id and version.</summary>
    private async Task<(Guid Id, long Version, Guid ThreatId)> AdoptedAsync(string description)
    {
        using var controller = await app.ClientFor("controller1");
        using var evaluator = await app.ClientFor("observer1");
        using var planner = await app.ClientFor("planner1");
        var strategy = await planner.StrategyAsync(DemoApp.StrategyId);
        var threatId = strategy.Threats.First(t => t.Status == ThreatStatus.Open).Id;
        var exerciseId = await controller.NewExerciseAsync($"Improvements {Guid.NewGuid():N}");
        var exercise = $"/api/exercises/{exerciseId}";
        var gap = await (await evaluator.SendAsync(HttpMethod.Post, $"{exercise}/gaps",
                new { description = "No reserve when the air assets are grounded", threatId }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var gapId = gap.GetProperty("item").GetProperty("id").GetGuid();
        var action = await (await evaluator.SendAsync(HttpMethod.Post, $"{exercise}/improvements",
                new { gapId, description, owner = "UNPOL Sector East", due = "2027-01-31" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var actionId = action.GetProperty("item").GetProperty("id").GetGuid();
        var adopted = await planner.SendAsync(HttpMethod.Post, $"{exercise}/improvements/{actionId}/adopt");
        var item = (await adopted.ReadAsync<JsonElement>()).GetProperty("item");
        return (item.GetProperty("id").GetGuid(), adopted.ETagVersion(), threatId);
    }

    private static Task<HttpResponseMessage> StatusAsync(
        HttpClient planner, Guid improvementId, string status, string? reason, long version) =>
        planner.SendAsync(HttpMethod.Post, $"{Improvements}/{improvementId}/status", new { status, reason }, version);

    private static Task<HttpResponseMessage> ActivityAsync(
        HttpClient planner, Guid improvementId, ActivityDetails details, long version, string query = "") =>
        planner.SendAsync(HttpMethod.Post, $"{Improvements}/{improvementId}/activity{query}",
            new ActivityRequest(details), version);

    private static JsonElement Shown(JsonElement view, Guid improvementId) =>
        view.GetProperty("improvements").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == improvementId);

    [Fact]
    public async Task An_adopted_improvement_carries_its_gap_and_threat_and_is_tracked_to_done_in_the_view()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, threatId) = await AdoptedAsync("Pre-position an FPU platoon in Bentiu on market days");

        var started = await StatusAsync(planner, id, "InProgress", null, version);
        var done = await StatusAsync(planner, id, "Done", "Drilled in the January exercise", started.ETagVersion());

        var answer = await done.ReadAsync<JsonElement>();
        var shown = Shown(await planner.ViewAsync(DemoApp.StrategyId, answer.GetProperty("version").GetInt64()), id);
        var details = shown.GetProperty("details");
        Assert.Equal(("Done", "Drilled in the January exercise"),
            (shown.GetProperty("status").GetString(), shown.GetProperty("reason").GetString()));
        Assert.Equal((threatId, "No reserve when the air assets are grounded"),
            (details.GetProperty("threatId").GetGuid(), details.GetProperty("gap").GetString()));
        Assert.Equal(shown.GetProperty("stamp").GetProperty("version").GetInt64(), done.ETagVersion());
    }

    [Fact]
    public async Task An_improvement_becomes_an_activity_in_one_step_naming_the_improvement_as_the_reason()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, threatId) = await AdoptedAsync("Plan a contingency for grounded air assets");
        const string reason = "Improvement from exercise: plan a contingency for grounded air assets";

        var response = await ActivityAsync(planner, id,
            Sample.Activity(threatId) with { Title = "Contingency for grounded air assets" }, version,
            $"?reason={Uri.EscapeDataString(reason)}");

        var answer = await response.ReadAsync<CommandResult<ActivityView>>(HttpStatusCode.Created);
        var activity = answer.Item!.Activity;
        Assert.Equal($"/api/strategies/{DemoApp.StrategyId}/activities/{activity.Id}",
            response.Headers.Location?.OriginalString);
        var shown = Shown(await planner.ViewAsync(DemoApp.StrategyId, answer.Version), id);
        Assert.Equal((activity.Id, "InProgress"),
            (shown.GetProperty("activityId").GetGuid(), shown.GetProperty("status").GetString()));
        await app.ViewsCaughtUpAsync();
        var history = await (await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/history"))
            .ReadAsync<JsonElement>();
        Assert.Contains(history.GetProperty("entries").EnumerateArray(), c =>
            c.GetProperty("streamVersion").GetInt64() == answer.Version
            && c.GetProperty("reason").GetString() == reason);
    }

    [Fact]
    public async Task A_status_change_reaches_a_subscribed_planner_as_a_change_of_the_improvement()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, _) = await AdoptedAsync("Brief Community Alert Network focal points on the market plan");
        await using var hub = await app.HubForAsync("planner2");
        await hub.SubscribeFromViewAsync(await app.ClientFor("planner2"), DemoApp.StrategyId);

        var answer = await (await StatusAsync(planner, id, "InProgress", "Briefings planned", version))
            .ReadAsync<JsonElement>();

        var changes = await hub.ChangesUntilAsync(answer.GetProperty("version").GetInt64());
        var change = Assert.Single(LiveApi.Items(changes[^1], "improvement"));
        Assert.Equal(("changed", id.ToString(), "InProgress"), (change.GetProperty("op").GetString(),
            change.GetProperty("id").GetString(), change.GetProperty("item").GetProperty("status").GetString()));
        Assert.Contains("improvement 'Brief Community Alert Network", changes[^1].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Refused_changes_to_improvements_answer_404_or_400_and_append_nothing()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, threatId) = await AdoptedAsync("Train Community Liaison Assistants on the alert path");
        var events = await app.EventCountAsync();

        await (await StatusAsync(planner, Guid.NewGuid(), "Done", null, version))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await ActivityAsync(planner, Guid.NewGuid(), Sample.Activity(threatId), version))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        var dropped = await (await StatusAsync(planner, id, "Dropped", null, version))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(dropped.GetProperty("errors").TryGetProperty("reason", out _));
        await (await StatusAsync(planner, id, "Finished", null, version))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        await (await ActivityAsync(planner, id, Sample.Activity(threatId) with { Title = "" }, version))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        await (await StatusAsync(planner, id, "Done", null, version - 1))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");

        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task An_improvement_revises_an_existing_activity_against_its_version_and_is_then_in_progress()
    {
        using var planner = await app.ClientFor("planner1");
        using var observer = await app.ClientFor("observer1");
        var (id, version, threatId) = await AdoptedAsync("Add the Leer crossings to the patrol plan");
        var planned = await (await planner.SendAsync(HttpMethod.Post,
                $"/api/strategies/{DemoApp.StrategyId}/activities", new ActivityRequest(Sample.Activity(threatId))))
            .ReadAsync<CommandResult<ActivityView>>(HttpStatusCode.Created);
        var activity = planned.Item!.Activity;
        var url = $"{Improvements}/{id}/activity/{activity.Id}";
        var revised = Sample.Activity(threatId) with { Title = "Patrols, with the Leer crossings" };
        var events = await app.EventCountAsync();

        await (await planner.SendAsync(HttpMethod.Put, url, new { details = revised, improvementVersion = version },
            activity.Stamp.Version - 1)).ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        await (await planner.SendAsync(HttpMethod.Put, url, new { details = revised, improvementVersion = version - 1 },
            activity.Stamp.Version)).ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        await (await observer.SendAsync(HttpMethod.Put, url, new { details = revised, improvementVersion = version },
            activity.Stamp.Version)).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await planner.SendAsync(HttpMethod.Put, url, new { details = revised with { Title = "" },
            improvementVersion = version }, activity.Stamp.Version)).ProblemAsync(HttpStatusCode.BadRequest,
            "/problems/validation");
        Assert.Equal(events, await app.EventCountAsync());

        var answer = await (await planner.SendAsync(HttpMethod.Put, url,
            new { details = revised, improvementVersion = version }, activity.Stamp.Version))
            .ReadAsync<CommandResult<ActivityView>>();

        Assert.Equal("Patrols, with the Leer crossings", answer.Item!.Activity.Details.Title);
        var shown = Shown(await planner.ViewAsync(DemoApp.StrategyId, answer.Version), id);
        Assert.Equal((activity.Id, "InProgress"),
            (shown.GetProperty("activityId").GetGuid(), shown.GetProperty("status").GetString()));
    }
}

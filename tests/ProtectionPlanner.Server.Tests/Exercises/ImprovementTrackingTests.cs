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
        var threatId = (await planner.StrategyAsync(DemoApp.StrategyId)).Threats.First(t => t.Status == ThreatStatus.Open).Id;
        var exerciseId = await controller.NewExerciseAsync($"Improvements {Guid.NewGuid():N}");
        var gap = await (await evaluator.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/gaps",
            new { description = "No reserve when the air assets are grounded", threatId })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var action = await (await evaluator.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/improvements",
            new { gapId = gap.GetProperty("item").GetProperty("id").GetGuid(), description, owner = "UNPOL Sector East", due = "2027-01-31" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var actionId = action.GetProperty("item").GetProperty("id").GetGuid();
        var adopted = await planner.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/improvements/{actionId}/adopt");
        var item = (await adopted.ReadAsync<JsonElement>()).GetProperty("item");
        return (item.GetProperty("id").GetGuid(), adopted.ETagVersion(), threatId);
    }

    [Fact]
    public async Task An_adopted_improvement_carries_its_gap_and_threat_and_is_tracked_to_done_in_the_view()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, threatId) = await AdoptedAsync("Pre-position an FPU platoon in Bentiu on market days");

        var started = await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/status", new { status = "InProgress", reason = (string?)null }, version);
        var done = await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/status",
            new { status = "Done", reason = "Drilled in the January exercise" }, started.ETagVersion());

        var answer = await done.ReadAsync<JsonElement>();
        var view = await planner.ViewAsync(DemoApp.StrategyId, answer.GetProperty("version").GetInt64());
        var shown = view.GetProperty("improvements").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(("Done", "Drilled in the January exercise", threatId, "No reserve when the air assets are grounded"),
            (shown.GetProperty("status").GetString(), shown.GetProperty("reason").GetString(),
                shown.GetProperty("details").GetProperty("threatId").GetGuid(), shown.GetProperty("details").GetProperty("gap").GetString()));
        Assert.Equal(shown.GetProperty("stamp").GetProperty("version").GetInt64(), done.ETagVersion());
    }

    [Fact]
    public async Task An_improvement_becomes_an_activity_in_one_step_naming_the_improvement_as_the_reason()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, threatId) = await AdoptedAsync("Plan a contingency for grounded air assets");
        var reason = Uri.EscapeDataString("Improvement from exercise: plan a contingency for grounded air assets");

        var response = await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/activity?reason={reason}",
            new ActivityRequest(Sample.Activity(threatId) with { Title = "Contingency for grounded air assets" }), version);

        var answer = await response.ReadAsync<CommandResult<ActivityView>>(HttpStatusCode.Created);
        var activity = answer.Item!.Activity;
        Assert.Equal($"/api/strategies/{DemoApp.StrategyId}/activities/{activity.Id}", response.Headers.Location?.OriginalString);
        var view = await planner.ViewAsync(DemoApp.StrategyId, answer.Version);
        var shown = view.GetProperty("improvements").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal((activity.Id, "InProgress"), (shown.GetProperty("activityId").GetGuid(), shown.GetProperty("status").GetString()));
        await app.ViewsCaughtUpAsync();
        var history = await (await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/history")).ReadAsync<JsonElement>();
        Assert.Contains(history.GetProperty("entries").EnumerateArray(), c =>
            c.GetProperty("streamVersion").GetInt64() == answer.Version
            && c.GetProperty("reason").GetString() == Uri.UnescapeDataString(reason));
    }

    [Fact]
    public async Task Refused_changes_to_improvements_answer_404_or_400_and_append_nothing()
    {
        using var planner = await app.ClientFor("planner1");
        var (id, version, threatId) = await AdoptedAsync("Train Community Liaison Assistants on the alert path");
        var events = await app.EventCountAsync();

        await (await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{Guid.NewGuid()}/status", new { status = "Done", reason = (string?)null }, version))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{Guid.NewGuid()}/activity",
            new ActivityRequest(Sample.Activity(threatId)), version)).ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        var dropped = await (await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/status", new { status = "Dropped", reason = (string?)null }, version))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(dropped.GetProperty("errors").TryGetProperty("reason", out _));
        await (await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/status", new { status = "Finished", reason = (string?)null }, version))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        await (await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/activity",
            new ActivityRequest(Sample.Activity(threatId) with { Title = "" }), version)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        await (await planner.SendAsync(HttpMethod.Post, $"{Improvements}/{id}/status", new { status = "Done", reason = (string?)null }, version - 1))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");

        Assert.Equal(events, await app.EventCountAsync());
    }
}

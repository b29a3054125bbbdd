using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Planners editing one strategy at once: different items all go through, the same item conflicts.</summary>
public sealed class ConcurrencyTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly Guid StrategyId = DemoApp.StrategyId;

    [Fact]
    public async Task Registering_one_mission_on_two_nodes_at_once_registers_it_once_and_refuses_the_other_with_409()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var admins = new[] { await app.ClientFor("admin1"), await app.ClientFor(otherNode, "admin1") };
        var events = await app.EventCountAsync();
        const int rounds = 6;

        var outcomes = new List<HttpStatusCode>();
        for (var round = 1; round <= rounds; round++)
        {
            var body = new RegisterMissionRequest(Guid.NewGuid(), $"United Nations Twin Office {round} (fictional)",
                $"UNTO{round}", MissionKind.Spm, "Testland (fictional)", Sample.Mandate());
            var responses = await Task.WhenAll(
                admins.Select(admin => admin.SendAsync(HttpMethod.Post, "/api/missions", body)));
            outcomes.AddRange(responses.Select(r => r.StatusCode).Order());
            var refused = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created);
            await refused.ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/mission-exists");
        }

        var expected = new[] { HttpStatusCode.Created, HttpStatusCode.Conflict };
        Assert.Equal(Enumerable.Repeat(expected, rounds).SelectMany(pair => pair), outcomes);
        Assert.Equal(events + rounds, await app.EventCountAsync());
    }

    [Fact]
    public async Task Two_planners_on_two_nodes_editing_different_threats_and_activities_at_the_same_time_all_succeed()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor(otherNode, "planner2");
        var threats = new[] { await planner1.IdentifyThreatAsync(StrategyId), await planner2.IdentifyThreatAsync(StrategyId) };
        var activities = new[]
        {
            await planner1.PlanActivityAsync(StrategyId, Sample.Activity(threats[0].Id, "Early-warning radio messages")),
            await planner2.PlanActivityAsync(StrategyId, Sample.Activity(threats[1].Id, "Joint patrols on market days")),
        };
        var before = await planner1.StrategyAsync(StrategyId);
        const int rounds = 5;

        var versions = new List<long>();
        for (var round = 1; round <= rounds; round++)
        {
            var responses = await Task.WhenAll(
                planner1.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{threats[0].Id}",
                    new ThreatRequest(threats[0].Assessment with { Title = $"Threat one, round {round}" }), ifMatch: threats[0].Stamp.Version),
                planner2.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{threats[1].Id}",
                    new ThreatRequest(threats[1].Assessment with { Title = $"Threat two, round {round}" }), ifMatch: threats[1].Stamp.Version),
                planner1.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/activities/{activities[0].Id}",
                    new ActivityRequest(activities[0].Details with { Title = $"Activity one, round {round}" }), ifMatch: activities[0].Stamp.Version),
                planner2.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/activities/{activities[1].Id}",
                    new ActivityRequest(activities[1].Details with { Title = $"Activity two, round {round}" }), ifMatch: activities[1].Stamp.Version));

            var threatResults = await Task.WhenAll(responses[..2].Select(r => r.ReadAsync<CommandResult<Threat>>()));
            var activityResults = await Task.WhenAll(responses[2..].Select(r => r.ReadAsync<CommandResult<ActivityView>>()));
            threats = threatResults.Select(r => r.Item!).ToArray();
            activities = activityResults.Select(r => r.Item!.Activity).ToArray();
            versions.AddRange(threatResults.Select(r => r.Version).Concat(activityResults.Select(r => r.Version)));
        }

        var after = await planner1.StrategyAsync(StrategyId);
        Assert.Equal(before.Version + 4 * rounds, after.Version);
        Assert.Equal(4 * rounds, versions.Distinct().Count());
        Assert.Equal($"Threat one, round {rounds}", after.Threat(threats[0].Id)!.Assessment.Title);
        Assert.Equal($"Threat two, round {rounds}", after.Threat(threats[1].Id)!.Assessment.Title);
        Assert.Equal($"Activity one, round {rounds}", after.Activity(activities[0].Id)!.Details.Title);
        Assert.Equal($"Activity two, round {rounds}", after.Activity(activities[1].Id)!.Details.Title);
        Assert.Equal("planner2", after.Threat(threats[1].Id)!.Stamp.ChangedBy);
        Assert.Equal(after.Version, (await planner2.StrategyAsync(StrategyId)).Version);
    }

    [Fact]
    public async Task Planners_identifying_threats_at_the_same_time_each_get_a_threat_with_its_own_code()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");

        var identified = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            (i % 2 == 0 ? planner1 : planner2).IdentifyThreatAsync(StrategyId, Sample.Threat($"Concurrent threat {i}"))));

        Assert.Equal(8, identified.Select(t => t.Code).Distinct().Count());
        var strategy = await planner1.StrategyAsync(StrategyId);
        Assert.All(identified, threat => Assert.Equal(threat.Assessment.Title, strategy.Threat(threat.Id)?.Assessment.Title));
    }

    [Fact]
    public async Task A_burst_of_writes_to_one_strategy_from_two_nodes_gets_created_threats_or_a_problem_to_retry_never_a_server_error()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var planners = new[] { await app.ClientFor("planner1"), await app.ClientFor(otherNode, "planner2") };
        var before = await planners[0].StrategyAsync(StrategyId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => planners[i % 2].SendAsync(
            HttpMethod.Post, $"/api/strategies/{StrategyId}/threats", new ThreatRequest(Sample.Threat($"Burst threat {i}")))));

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/busy");
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        Assert.True(created > 0);
        var after = await planners[0].StrategyAsync(StrategyId);
        Assert.Equal(before.Threats.Count + created, after.Threats.Count);
        Assert.Equal(before.Version + created, after.Version);
    }

    [Fact]
    public async Task A_command_that_waited_too_long_for_its_locked_stream_is_answered_503_busy_with_Retry_After()
    {
        // Holding a stream's lock past the command timeout takes 30 s; the answer to it is the app's own handler's.
        var handler = app.Factory.Services.GetServices<IExceptionHandler>().OfType<Problems>().Single();
        var http = new DefaultHttpContext { RequestServices = app.Factory.Services };
        http.Request.Path = $"/api/strategies/{StrategyId}/threats";
        http.Response.Body = new MemoryStream();

        var handled = await handler.TryHandleAsync(http, new Marten.Exceptions.StreamLockedException(StrategyId, new TimeoutException()), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal((503, "application/problem+json"), (http.Response.StatusCode, http.Response.ContentType));
        Assert.False(string.IsNullOrEmpty(http.Response.Headers.RetryAfter));
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("/problems/busy", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Two_edits_of_the_same_threat_made_against_the_same_version_one_wins_and_the_other_gets_409_with_the_threat_as_it_is_now()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor(otherNode, "planner2");
        for (var round = 0; round < 5; round++)
        {
            var threat = await planner1.IdentifyThreatAsync(StrategyId);

            var responses = await Task.WhenAll(
                planner1.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{threat.Id}",
                    new ThreatRequest(threat.Assessment with { Title = "Raids, as planner1 sees them", Likelihood = 5 }), ifMatch: threat.Stamp.Version),
                planner2.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{threat.Id}",
                    new ThreatRequest(threat.Assessment with { Title = "Raids, as planner2 sees them", Likelihood = 2 }), ifMatch: threat.Stamp.Version));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? "planner1" : "planner2";
            var won = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<CommandResult<Threat>>();
            var problem = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");

            Assert.Equal(won.Version, problem.GetProperty("currentVersion").GetInt64());
            Assert.Equal(threat.Stamp.Version, problem.GetProperty("yourVersion").GetInt64());
            Assert.Equal(winner, problem.GetProperty("changedBy").GetString());
            var current = problem.GetProperty("current").Deserialize<Threat>(DemoApp.Json)!;
            Assert.Equal($"Raids, as {winner} sees them", current.Assessment.Title);
            PlanningApi.AssertSame(won.Item, current);
            PlanningApi.AssertSame(current, await planner1.ThreatAsync(StrategyId, threat.Id));
        }
    }

    [Fact]
    public async Task An_edit_with_a_stale_If_Match_gets_409_naming_who_changed_the_threat_since()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        var seenByPlanner1 = await planner1.IdentifyThreatAsync(StrategyId);
        var changedByPlanner2 = await planner2.ReassessThreatAsync(StrategyId, seenByPlanner1, "Raids spreading to the south bank");
        var events = await app.EventCountAsync();

        var response = await planner1.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{seenByPlanner1.Id}",
            new ThreatRequest(seenByPlanner1.Assessment with { Impact = 5 }), ifMatch: seenByPlanner1.Stamp.Version);

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal("planner2", problem.GetProperty("changedBy").GetString());
        Assert.Equal(changedByPlanner2.Stamp.Version, problem.GetProperty("currentVersion").GetInt64());
        Assert.Contains("planner2", problem.GetProperty("detail").GetString());
        Assert.Equal("Raids spreading to the south bank", problem.GetProperty("current").Deserialize<Threat>(DemoApp.Json)!.Assessment.Title);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task An_activity_edit_with_a_stale_If_Match_gets_409_with_the_activity_as_it_is_now()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        var threat = await planner1.IdentifyThreatAsync(StrategyId);
        var activity = await planner1.PlanActivityAsync(StrategyId, Sample.Activity(threat.Id));
        var revised = await planner2.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/activities/{activity.Id}",
            new ActivityRequest(activity.Details with { Phase = Phase.Response }), ifMatch: activity.Stamp.Version);
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);

        var response = await planner1.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/activities/{activity.Id}",
            new ActivityRequest(activity.Details with { Tier = Tier.ProtectiveEnvironment }), ifMatch: activity.Stamp.Version);

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal("planner2", problem.GetProperty("changedBy").GetString());
        Assert.Equal(revised.ETagVersion(), problem.GetProperty("currentVersion").GetInt64());
        var current = problem.GetProperty("current").Deserialize<Item<ActivityDetails>>(DemoApp.Json)!;
        Assert.Equal((Phase.Response, Tier.Dialogue), (current.Details.Phase, current.Details.Tier));
    }

    [Fact]
    public async Task Two_planners_choosing_different_leads_for_one_activity_at_once_one_wins_and_the_other_gets_409()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        var threat = await planner1.IdentifyThreatAsync(StrategyId);
        var activity = await planner1.PlanActivityAsync(StrategyId, Sample.Activity(threat.Id));
        var mission = await (await planner1.GetAsync($"/api/missions/{DemoApp.MissionId}")).ReadAsync<MissionView>();
        var (police, civilAffairs) = (mission.Components.Single(c => c.Kind == ComponentKind.Police),
            mission.Components.Single(c => c.Kind == ComponentKind.CivilAffairs));
        var url = $"/api/strategies/{StrategyId}/activities/{activity.Id}/lead";

        var responses = await Task.WhenAll(
            planner1.SendAsync(HttpMethod.Put, url, new AssignmentRequest(police.Id, Sample.Commitment())),
            planner2.SendAsync(HttpMethod.Put, url, new AssignmentRequest(civilAffairs.Id, Sample.Commitment())));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var problem = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        var lead = (await planner1.StrategyAsync(StrategyId)).Lead(activity.Id)!;
        Assert.Equal(lead.ComponentId, problem.GetProperty("current").Deserialize<Assignment>(DemoApp.Json)!.ComponentId);
        Assert.Equal(responses[0].StatusCode == HttpStatusCode.OK ? police.Id : civilAffairs.Id, lead.ComponentId);
        Assert.Single((await planner1.StrategyAsync(StrategyId)).Assignments, a => a.ActivityId == activity.Id);
    }

    [Fact]
    public async Task An_identical_edit_is_answered_as_a_no_op_and_appends_nothing()
    {
        var planner2 = await app.ClientFor("planner2");
        var threat = await planner2.IdentifyThreatAsync(StrategyId);
        var events = await app.EventCountAsync();

        var response = await planner2.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{threat.Id}",
            new ThreatRequest(threat.Assessment), ifMatch: threat.Stamp.Version);

        var result = await response.ReadAsync<CommandResult<Threat>>();
        Assert.False(result.Changed);
        Assert.Null(result.Position);
        Assert.Equal(threat.Stamp, result.Item!.Stamp);
        Assert.Equal(threat.Stamp.Version, response.ETagVersion());
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task An_edit_without_If_Match_is_refused_with_428_and_changes_nothing()
    {
        var planner1 = await app.ClientFor("planner1");
        var threat = await planner1.IdentifyThreatAsync(StrategyId);
        var events = await app.EventCountAsync();

        var response = await planner1.SendAsync(HttpMethod.Put, $"/api/strategies/{StrategyId}/threats/{threat.Id}",
            new ThreatRequest(threat.Assessment with { Title = "Overwritten blindly" }));

        await response.ProblemAsync(HttpStatusCode.PreconditionRequired, "/problems/precondition-required");
        Assert.Equal(events, await app.EventCountAsync());
        PlanningApi.AssertSame(threat, await planner1.ThreatAsync(StrategyId, threat.Id));
    }

    public static TheoryData<string, string, string?> WholeStrategyOperations => new()
    {
        { "planner1", "submit", null },
        { "reviewer1", "endorse", """{"comments":"Endorsed by the SMG-P"}""" },
        { "hom1", "approve", """{"comments":null}""" },
        { "hq1", "hq-review", """{"comments":"Reviewed"}""" },
        { "reviewer1", "return", """{"comments":"Add a lead to A-16"}""" },
        { "planner1", "revisions", """{"reason":"New mandate"}""" },
    };

    [Theory]
    [MemberData(nameof(WholeStrategyOperations))]
    public async Task A_whole_strategy_operation_with_a_stale_If_Match_gets_412_and_changes_nothing(string userName, string operation, string? body)
    {
        var client = await app.ClientFor(userName);
        var before = await client.StrategyAsync(StrategyId);
        var events = await app.EventCountAsync();

        var response = await client.SendRawAsync(HttpMethod.Post,
            $"/api/strategies/{StrategyId}/{operation}?reason=Stale",
            body, ifMatch: $"\"{before.Version - 1}\"");

        var problem = await response.ProblemAsync(HttpStatusCode.PreconditionFailed, "/problems/precondition-failed");
        Assert.Equal(before.Version, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(events, await app.EventCountAsync());
        var after = await client.StrategyAsync(StrategyId);
        Assert.Equal((before.Version, before.Stage, before.Revision), (after.Version, after.Stage, after.Revision));
    }

    [Fact]
    public async Task Submitting_without_If_Match_is_refused_with_428_and_changes_nothing()
    {
        var planner1 = await app.ClientFor("planner1");
        var events = await app.EventCountAsync();

        var response = await planner1.SendAsync(HttpMethod.Post, $"/api/strategies/{StrategyId}/submit");

        await response.ProblemAsync(HttpStatusCode.PreconditionRequired, "/problems/precondition-required");
        Assert.Equal(events, await app.EventCountAsync());
        Assert.Equal(Stage.Draft, (await planner1.StrategyAsync(StrategyId)).Stage);
    }

    [Fact]
    public async Task The_ETag_of_a_threat_an_activity_and_the_strategy_is_their_version()
    {
        var observer = await app.ClientFor("observer1");
        var strategy = await observer.StrategyAsync(StrategyId);
        Assert.True(strategy.Threats.Select(t => t.Stamp.Version).Distinct().Count() > 1, "the threats should have different versions");

        foreach (var threat in strategy.Threats.Take(5))
        {
            var response = await observer.GetAsync($"/api/strategies/{StrategyId}/threats/{threat.Id}");
            Assert.Equal(threat.Stamp.Version, response.ETagVersion());
            Assert.Equal(threat.Stamp, (await response.ReadAsync<Threat>()).Stamp);
        }
        foreach (var activity in strategy.Activities.Take(5))
        {
            var response = await observer.GetAsync($"/api/strategies/{StrategyId}/activities/{activity.Id}");
            Assert.Equal(activity.Stamp.Version, response.ETagVersion());
        }
        var whole = await observer.GetAsync($"/api/strategies/{StrategyId}");
        Assert.Equal((await whole.ReadAsync<Strategy>()).Version, whole.ETagVersion());
    }

    [Fact]
    public async Task A_command_response_carries_the_stream_version_and_the_global_position_it_produced()
    {
        var planner1 = await app.ClientFor("planner1");

        var first = await (await planner1.SendAsync(HttpMethod.Post, $"/api/strategies/{StrategyId}/threats", new ThreatRequest(Sample.Threat("First of two"))))
            .ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);
        var secondResponse = await planner1.SendAsync(HttpMethod.Post, $"/api/strategies/{StrategyId}/threats", new ThreatRequest(Sample.Threat("Second of two")));
        var second = await secondResponse.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);

        Assert.Equal(StrategyId, second.StreamId);
        Assert.Equal(first.Version + 1, second.Version);
        Assert.Equal(second.Version, second.Item!.Stamp.Version);
        Assert.Equal(second.Version, secondResponse.ETagVersion());
        Assert.Equal(second.Version, (await planner1.StrategyAsync(StrategyId)).Version);
        Assert.True(second.Position > first.Position);
        Assert.Equal(second.Position, await app.ScalarAsync<long>(
            $"select seq_id from planner.mt_events where stream_id = '{StrategyId}' and version = {second.Version}"));
    }
}

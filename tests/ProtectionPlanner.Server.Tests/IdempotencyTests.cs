using System.Net;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>A request repeated with its Idempotency-Key (a retry after a lost answer) is answered again, not applied again.</summary>
public sealed class IdempotencyTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string ThreatsUrl = $"/api/strategies/{DemoApp.StrategyId}/threats";

    [Fact]
    public async Task Repeating_a_keyed_POST_answers_the_same_201_Location_and_body_and_appends_nothing()
    {
        var planner1 = await app.ClientFor("planner1");
        var key = Guid.NewGuid().ToString();
        var body = new ThreatRequest(Sample.Threat("Abductions on the Juba road"));

        var first = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);
        var events = await app.EventCountAsync();
        var again = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);
        var thirdTime = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.All([again, thirdTime], repeat =>
        {
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal(first.Headers.Location, repeat.Headers.Location);
            Assert.Equal(first.Headers.ETag, repeat.Headers.ETag);
        });
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await thirdTime.Content.ReadAsStringAsync());
        Assert.Equal(events, await app.EventCountAsync());
        Assert.Single((await planner1.StrategyAsync(DemoApp.StrategyId)).Threats, t => t.Assessment.Title == "Abductions on the Juba road");
    }

    [Fact]
    public async Task A_repeat_answers_the_first_outcome_even_after_the_item_changed_since()
    {
        var planner1 = await app.ClientFor("planner1");
        var key = Guid.NewGuid().ToString();
        var body = new ThreatRequest(Sample.Threat("Looting of the Wau market"));
        var first = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);
        var created = (await first.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created)).Item!;
        await planner1.ReassessThreatAsync(DemoApp.StrategyId, created, "Looting of the Wau and Raja markets");
        var events = await app.EventCountAsync();

        var again = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);

        var repeated = await again.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("Looting of the Wau market", repeated.Item!.Assessment.Title);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task Repeating_a_keyed_edit_made_against_an_item_version_since_passed_answers_the_first_200_and_appends_nothing()
    {
        var planner1 = await app.ClientFor("planner1");
        var threat = await planner1.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Cattle raids near Rumbek"));
        var key = Guid.NewGuid().ToString();
        var body = new ThreatRequest(threat.Assessment with { Likelihood = threat.Assessment.Likelihood % 5 + 1 });
        var url = $"{ThreatsUrl}/{threat.Id}";

        var first = await planner1.SendAsync(HttpMethod.Put, url, body, ifMatch: threat.Stamp.Version, idempotencyKey: key);
        var events = await app.EventCountAsync();
        // The retry still names the item version the edit was made against, which the edit itself moved on.
        var again = await planner1.SendAsync(HttpMethod.Put, url, body, ifMatch: threat.Stamp.Version, idempotencyKey: key);
        var reused = await planner1.SendAsync(HttpMethod.Put, url, new ThreatRequest(threat.Assessment with { Title = "Something else" }),
            ifMatch: threat.Stamp.Version, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "/problems/idempotency-key-reused");
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task Repeating_a_keyed_edit_that_changed_nothing_answers_the_first_200_after_the_item_changed_since()
    {
        var planner1 = await app.ClientFor("planner1");
        var threat = await planner1.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Checkpoints near Yei"));
        var key = Guid.NewGuid().ToString();
        var url = $"{ThreatsUrl}/{threat.Id}";
        var unchanged = new ThreatRequest(threat.Assessment);

        var first = await planner1.SendAsync(
            HttpMethod.Put, url, unchanged, ifMatch: threat.Stamp.Version, idempotencyKey: key);
        var changed = await planner1.ReassessThreatAsync(DemoApp.StrategyId, threat, "Checkpoints near Yei and Morobo");
        var events = await app.EventCountAsync();
        var again = await planner1.SendAsync(
            HttpMethod.Put, url, unchanged, ifMatch: threat.Stamp.Version, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(events, await app.EventCountAsync());
        var now = (await planner1.StrategyAsync(DemoApp.StrategyId)).Threats.Single(t => t.Id == threat.Id);
        Assert.Equal(changed.Assessment.Title, now.Assessment.Title);
    }

    [Fact]
    public async Task The_same_key_from_another_user_is_a_different_command()
    {
        var planner1 = await app.ClientFor("planner1");
        var planner2 = await app.ClientFor("planner2");
        var key = Guid.NewGuid().ToString();
        var body = new ThreatRequest(Sample.Threat("Attacks on water points"));
        var events = await app.EventCountAsync();

        var byPlanner1 = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);
        var byPlanner2 = await planner2.SendAsync(HttpMethod.Post, ThreatsUrl, body, idempotencyKey: key);

        var first = await byPlanner1.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);
        var second = await byPlanner2.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);
        Assert.NotEqual(byPlanner1.Headers.Location, byPlanner2.Headers.Location);
        Assert.NotEqual(first.Item!.Id, second.Item!.Id);
        Assert.Equal(("planner1", "planner2"), (first.Item.Stamp.ChangedBy, second.Item.Stamp.ChangedBy));
        Assert.Equal(events + 2, await app.EventCountAsync());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_with_422_and_appends_nothing()
    {
        var planner1 = await app.ClientFor("planner1");
        var key = Guid.NewGuid().ToString();
        await (await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat("Night raids")), idempotencyKey: key))
            .ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);
        var events = await app.EventCountAsync();

        var reused = await planner1.SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat("Day raids")), idempotencyKey: key);
        var elsewhere = await planner1.SendAsync(HttpMethod.Post, $"/api/strategies/{DemoApp.StrategyId}/objectives",
            new DetailsRequest<ObjectiveDetails>(new ObjectiveDetails("Night raids", null, [])), idempotencyKey: key);

        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "/problems/idempotency-key-reused");
        await elsewhere.ProblemAsync(HttpStatusCode.UnprocessableEntity, "/problems/idempotency-key-reused");
        Assert.Equal(events, await app.EventCountAsync());
        Assert.DoesNotContain((await planner1.StrategyAsync(DemoApp.StrategyId)).Threats, t => t.Assessment.Title == "Day raids");
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_keyed_request_on_two_nodes_create_one_threat()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var nodes = new[] { await app.ClientFor("planner1"), await app.ClientFor(otherNode, "planner1") };
        var planner1 = nodes[0];
        for (var round = 0; round < 5; round++)
        {
            var key = Guid.NewGuid().ToString();
            var title = $"Ambushes on the Bor road {key[..8]}";
            var events = await app.EventCountAsync();

            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                nodes[i % 2].SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat(title)), idempotencyKey: key)));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            Assert.Single(bodies.Distinct());
            Assert.Equal(events + 1, await app.EventCountAsync());
            Assert.Single((await planner1.StrategyAsync(DemoApp.StrategyId)).Threats, t => t.Assessment.Title == title);
        }
    }

    [Fact]
    public async Task Concurrent_repeats_of_a_keyed_mission_registration_on_two_nodes_register_one_mission()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var nodes = new[] { await app.ClientFor("admin1"), await app.ClientFor(otherNode, "admin1") };
        var admin = nodes[0];
        var key = Guid.NewGuid().ToString();
        var body = new RegisterMissionRequest(null, "United Nations Idempotent Office (fictional)", "UNIO", MissionKind.Spm, "Testland (fictional)", Sample.Mandate());
        var events = await app.EventCountAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => nodes[i % 2].SendAsync(HttpMethod.Post, "/api/missions", body, idempotencyKey: key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var location = Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(events + 1, await app.EventCountAsync());
        var missions = await (await admin.GetAsync("/api/missions")).ReadAsync<List<MissionSummary>>();
        Assert.Equal($"/api/missions/{Assert.Single(missions, m => m.Acronym == "UNIO").Id}", location!.ToString());
    }

    [Fact]
    public async Task Concurrent_requests_on_two_nodes_reusing_one_key_for_different_bodies_apply_one_and_refuse_the_others_with_422()
    {
        await using var otherNode = await app.SecondNodeAsync();
        var nodes = new[] { await app.ClientFor("planner1"), await app.ClientFor(otherNode, "planner1") };
        var planner1 = nodes[0];
        for (var round = 0; round < 5; round++)
        {
            var key = Guid.NewGuid().ToString();
            var titles = Enumerable.Range(1, 6).Select(i => $"Variant {i} of {key[..8]}").ToList();
            var events = await app.EventCountAsync();

            var responses = await Task.WhenAll(titles.Select((title, i) =>
                nodes[i % 2].SendAsync(HttpMethod.Post, ThreatsUrl, new ThreatRequest(Sample.Threat(title)), idempotencyKey: key)));

            var accepted = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses.Where(r => r != accepted), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
            var stored = Assert.Single((await planner1.StrategyAsync(DemoApp.StrategyId)).Threats, t => titles.Contains(t.Assessment.Title));
            Assert.Equal(stored.Assessment.Title, (await accepted.ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created)).Item!.Assessment.Title);
            Assert.Equal(events + 1, await app.EventCountAsync());
        }
    }
}

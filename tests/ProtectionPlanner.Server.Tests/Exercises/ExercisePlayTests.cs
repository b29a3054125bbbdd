using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Exercises.ExerciseApi;

namespace ProtectionPlanner.Server.Tests.Exercises;

/// <summary>Playing an exercise through the real HTTP pipeline and hub on a fresh database with the demo missions.</summary>
public sealed class ExercisePlayTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Strategy = $"/api/strategies/{DemoApp.StrategyId}";

    [Fact]
    public async Task The_exercise_plan_is_the_strategy_at_its_version_plus_the_exercise_events_and_play_leaves_the_strategy_unchanged()
    {
        using var controller = await app.ClientFor("controller1");
        using var player = await app.ClientFor("player1");
        using var planner = await app.ClientFor("planner1");
        var atCreation = await planner.ViewAsync(DemoApp.StrategyId);
        var version = atCreation.GetProperty("streamVersion").GetInt64();
        var exerciseId = await controller.NewExerciseAsync("Copy test", version);

        // The strategy moves on after the exercise was created: the exercise does not see it.
        var live = Threat(atCreation, MarketThreat);
        await (await planner.SendAsync(HttpMethod.Put, $"{Strategy}/threats/{MarketThreat}",
            new { assessment = Reassessed(live, 2) }, live.GetProperty("stamp").GetProperty("version").GetInt64())).ReadAsync<JsonElement>();
        var inject = await controller.ScriptAsync(exerciseId, Inject("Gunfire at the market", TimeSpan.FromHours(5)));
        await controller.StartAsync(exerciseId);
        await controller.ReleaseAsync(exerciseId, inject);
        var strategyBeforePlay = (await app.EventCountAsync(), await StrategyVersionAsync(planner));

        var board = await player.BoardAsync(exerciseId);
        var copy = Threat(board.GetProperty("plan"), MarketThreat);
        Assert.Equal(live.GetProperty("assessment").GetProperty("likelihood").GetInt32(), copy.GetProperty("assessment").GetProperty("likelihood").GetInt32());
        var decided = await (await player.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/decisions/reassess-threat",
                new { rationale = "Gunfire reported: likelihood now certain", threatId = MarketThreat, assessment = Reassessed(copy, 5), injectId = inject },
                copy.GetProperty("stamp").GetProperty("version").GetInt64()))
            .ReadAsync<JsonElement>();

        // The exercise's plan: the strategy as it stood at the version, with the player's decision on top.
        var asOf = await (await planner.GetAsync($"{Strategy}/as-of?version={version}")).ReadAsync<JsonElement>();
        var plan = (await player.BoardAsync(exerciseId)).GetProperty("plan");
        var played = Threat(plan, MarketThreat);
        Assert.Equal(5, played.GetProperty("assessment").GetProperty("likelihood").GetInt32());
        Assert.Equal(version + decided.GetProperty("version").GetInt64() - 1, played.GetProperty("stamp").GetProperty("version").GetInt64());
        Assert.Equal("player1", played.GetProperty("stamp").GetProperty("changedBy").GetString());
        Assert.Equal(Others(asOf), Others(plan));
        Assert.Equal(asOf.GetProperty("activities").GetRawText(), plan.GetProperty("activities").GetRawText());

        // The live strategy: exactly as the planner left it, its stream not one event longer.
        var after = await planner.ViewAsync(DemoApp.StrategyId, minVersion: strategyBeforePlay.Item2); // the view, once it has the planner's change
        Assert.Equal(2, Threat(after, MarketThreat).GetProperty("assessment").GetProperty("likelihood").GetInt32());
        Assert.Equal(strategyBeforePlay.Item2, await StrategyVersionAsync(planner));
        Assert.Equal(strategyBeforePlay.Item1 + 2, await app.EventCountAsync()); // ThreatReassessed and DecisionTaken, in the exercise stream

        static string Others(JsonElement view) => string.Join("\n", view.GetProperty("threats").EnumerateArray()
            .Where(t => t.GetProperty("id").GetGuid() != MarketThreat).Select(t => t.GetRawText()));
    }

    [Fact]
    public async Task A_msel_with_a_bad_row_imports_nothing_and_names_the_row()
    {
        using var controller = await app.ClientFor("controller1");
        var exerciseId = await controller.NewExerciseAsync("Import test");
        const string header = "Inject No.,Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action,Objective Tested,Linked Threat,Contingency\r\n";
        const string good1 = ",T+00:30,\"JOC flash report: youth mobilising, 12 km from Bentiu\",Situation Report,Force (Military component),Reassess T-03,O-2,T-03,No\r\n";
        const string good2 = ",T+01:15,Radio call-in about the market,Media Report,All,Visible presence at the market,,T-01,\r\n";
        const string bad = ",T+1h,Helicopters grounded,Carrier pigeon,Air Wing,Request capacity,,T-99,Maybe\r\n";
        var events = await app.EventCountAsync();

        var refused = await (await controller.ImportAsync(exerciseId, header + good1 + bad + good2)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        var errors = refused.GetProperty("errors");
        Assert.Equal(["row 3"], errors.EnumerateObject().Select(e => e.Name));
        var problems = string.Join(" | ", errors.GetProperty("row 3").EnumerateArray().Select(p => p.GetString()));
        foreach (var expected in new[] { "Scenario Time 'T+1h'", "Delivery Method 'Carrier pigeon'", "no component 'Air Wing'", "no threat 'T-99'", "Contingency 'Maybe'" })
            Assert.Contains(expected, problems);
        Assert.Equal(events, await app.EventCountAsync());
        Assert.Empty((await controller.BoardAsync(exerciseId)).GetProperty("injects").EnumerateArray());

        var imported = await (await controller.ImportAsync(exerciseId, header + good1 + good2)).ReadAsync<JsonElement>();
        Assert.Equal(2, imported.GetProperty("item").GetProperty("imported").GetInt32());
        var injects = (await controller.BoardAsync(exerciseId)).GetProperty("injects").EnumerateArray().ToList();
        Assert.Equal(["I-01", "I-02"], injects.Select(i => i.GetProperty("code").GetString()));
        Assert.Equal([Force], injects[0].GetProperty("targetComponentIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal("00:30:00", injects[0].GetProperty("scenarioTime").GetString());

        var exported = await (await controller.GetAsync($"/api/exercises/{exerciseId}/msel.csv")).Content.ReadAsStringAsync();
        Assert.StartsWith(header, exported);
        Assert.Contains("I-01,T+00:30,\"JOC flash report: youth mobilising, 12 km from Bentiu\",SituationReport,Force (Military component),Reassess T-03,O-2,T-03,No", exported);
        using var player = await app.ClientFor("player1");
        await (await player.GetAsync($"/api/exercises/{exerciseId}/msel.csv")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
    }

    [Fact]
    public async Task The_report_times_the_first_response_to_an_inject_from_the_event_timestamps()
    {
        using var controller = await app.ClientFor("controller1");
        using var player = await app.ClientFor("player1");
        var exerciseId = await controller.NewExerciseAsync("Report test");
        var answered = await controller.ScriptAsync(exerciseId, Inject("Traders ask for protection", TimeSpan.FromHours(2), [Force]));
        var ignored = await controller.ScriptAsync(exerciseId, Inject("Police ask for a joint checkpoint", TimeSpan.FromHours(3)));
        await controller.StartAsync(exerciseId, speed: 60);
        await controller.ReleaseAsync(exerciseId, answered);
        await controller.ReleaseAsync(exerciseId, ignored);
        await Task.Delay(300);
        await player.PostAsync(exerciseId, "responses", new { injectId = answered, text = "Force deploys a platoon to the market from 06:00." });
        await player.PostAsync(exerciseId, "decisions/request-capacity",
            new { rationale = "Helicopters grounded", componentId = DemoUnpolOrForce(), commitment = new { personnel = 30, assets = Array.Empty<object>() }, injectId = answered });
        var observation = await controller.PostAsync(exerciseId, "observations",
            new { text = "Quick and proportionate", injectId = answered, rating = "Met" },
            expected: HttpStatusCode.Created);

        var report = await (await controller.GetAsync($"/api/exercises/{exerciseId}/report")).ReadAsync<JsonElement>();
        var stamps = await TimestampsAsync(exerciseId);
        var expected = (stamps["inject_answered"][0] - stamps["inject_released"][0]).TotalSeconds;
        var first = report.GetProperty("injects").EnumerateArray().Single(i => i.GetProperty("injectId").GetGuid() == answered);
        Assert.Equal(expected, first.GetProperty("secondsToFirstResponse").GetDouble(), 3);
        Assert.True(expected >= 0.3, $"the response came {expected} s after the release");
        // On the exercise clock, running at 60 times wall time between the two.
        var scenario = TimeSpan.Parse(
            first.GetProperty("scenarioTimeToFirstResponse").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(scenario.TotalSeconds, expected * 60 - 0.001, expected * 60 + 0.001);
        Assert.Equal(1, first.GetProperty("decisions").GetArrayLength());
        Assert.Equal(1, first.GetProperty("responses").GetArrayLength());
        Assert.Equal("Met", first.GetProperty("observations")[0].GetProperty("rating").GetString());
        var summary = report.GetProperty("summary");
        Assert.Equal((2, 1, 1), (summary.GetProperty("released").GetInt32(), summary.GetProperty("answered").GetInt32(), summary.GetProperty("unanswered").GetInt32()));
        Assert.True(observation > 0);

        // The mission sees the report once the exercise has ended, not before.
        using var planner = await app.ClientFor("planner1");
        await (await planner.GetAsync($"/api/exercises/{exerciseId}/report")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await controller.PostAsync(exerciseId, "clock/end");
        await (await planner.GetAsync($"/api/exercises/{exerciseId}/report")).ReadAsync<JsonElement>();

        static Guid DemoUnpolOrForce() => Unpol;
    }

    [Fact]
    public async Task A_players_socket_never_receives_an_unreleased_inject_an_expected_action_or_an_evaluators_note()
    {
        using var controller = await app.ClientFor("controller1");
        var exerciseId = await controller.NewExerciseAsync("Filter test");
        const string secret = "SECRET-UNRELEASED-SYNOPSIS";
        const string expectation = "SECRET-EXPECTED-ACTION";
        const string note = "SECRET-EVALUATOR-NOTE";
        var released = await controller.ScriptAsync(exerciseId, Inject("Gunfire at the market", TimeSpan.FromHours(1), [Force], expectation));
        var otherComponent = await controller.ScriptAsync(exerciseId, Inject("Police commissioner calls", TimeSpan.FromHours(1), [Unpol]));
        await controller.StartAsync(exerciseId);

        await using var playerHub = await app.HubForAsync("player1");
        await using var controlHub = await app.HubForAsync("controller1");
        var playerBoard = await playerHub.InvokeAsync<JsonElement>("SubscribeExercise", exerciseId);
        var controlBoard = await controlHub.InvokeAsync<JsonElement>("SubscribeExercise", exerciseId);
        Assert.Empty(playerBoard.GetProperty("injects").EnumerateArray());
        Assert.Equal(2, controlBoard.GetProperty("injects").GetArrayLength());

        await controller.ScriptAsync(exerciseId, Inject(secret, TimeSpan.FromHours(9), [Force], expectation));
        await controller.PostAsync(exerciseId, "observations", new { text = note }, expected: HttpStatusCode.Created);
        await controller.ReleaseAsync(exerciseId, otherComponent);
        var version = await controller.ReleaseAsync(exerciseId, released);

        var atPlayer = await playerHub.NextAsync("exerciseChange", LiveApi.Bound);
        var all = await ControlChangesUntilAsync(controlHub, version);
        Assert.Equal(version, atPlayer.GetProperty("version").GetInt64());
        Assert.Equal(playerBoard.GetProperty("version").GetInt64(), atPlayer.GetProperty("previousVersion").GetInt64());
        var added = atPlayer.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(("inject", "added", released), (added.GetProperty("kind").GetString(), added.GetProperty("op").GetString(), added.GetProperty("id").GetGuid()));
        Assert.False(added.GetProperty("item").TryGetProperty("expectedAction", out _));

        // Control saw everything: the scripted inject with its expected action, the note, both releases.
        var controlText = string.Join("\n", all.Select(c => c.GetRawText()));
        Assert.Contains(secret, controlText);
        Assert.Contains(note, controlText);
        Assert.Contains(expectation, controlText);

        // The player's socket got that one change and nothing else: no unreleased inject, no expectation, no note.
        await controller.PostAsync(exerciseId, "observations", new { text = note + " again" },
            expected: HttpStatusCode.Created);
        await controlHub.NextAsync("exerciseChange", LiveApi.Bound);
        var playerText = atPlayer.GetRawText() + string.Join("\n", playerHub.Drain("exerciseChange").Select(c => c.GetRawText()));
        foreach (var hidden in new[] { secret, expectation, note, otherComponent.ToString() }) Assert.DoesNotContain(hidden, playerText);
    }

    [Fact]
    public async Task Only_the_roles_of_the_exercise_may_run_play_and_read_it()
    {
        using var controller = await app.ClientFor("controller1");
        using var player = await app.ClientFor("player1");
        using var planner = await app.ClientFor("planner1");
        var exerciseId = await controller.NewExerciseAsync("Roles test");
        var inject = await controller.ScriptAsync(exerciseId, Inject("Unreleased", TimeSpan.FromHours(1), [Force]));
        await controller.StartAsync(exerciseId);
        var events = await app.EventCountAsync();

        await (await player.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/injects/{inject}/release")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await player.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/responses", new { injectId = inject, text = "Seen?" }))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/responses", new { injectId = inject, text = "I play too" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await planner.GetAsync($"/api/exercises/{exerciseId}")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await planner.SendAsync(HttpMethod.Post, "/api/exercises", new { strategyId = DemoApp.StrategyId, name = "Not mine" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/clock/start", new { speed = 0 }))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        // A number beyond a double's range is read as infinity: refused like any other bad speed, keyed or not.
        foreach (var key in new[] { null, Guid.NewGuid().ToString() })
            await (await controller.SendRawAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/clock/speed", """{"speed":-1e400}""", idempotencyKey: key))
                .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/clock/start", new { speed = 1 }))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/exercise-started");
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task Controllers_edit_delay_and_skip_unreleased_injects_and_a_released_one_no_longer_changes()
    {
        using var controller = await app.ClientFor("controller1");
        var exerciseId = await controller.NewExerciseAsync("MSEL control test");
        var edited = await controller.ScriptAsync(exerciseId, Inject("First draft", TimeSpan.FromHours(1)));
        var skipped = await controller.ScriptAsync(exerciseId, Inject("Off script", TimeSpan.FromHours(2)));
        var version = (await controller.BoardAsync(exerciseId)).GetProperty("injects")[0].GetProperty("version").GetInt64();
        var url = $"/api/exercises/{exerciseId}/injects/{edited}";

        var revised = await (await controller.SendAsync(HttpMethod.Put, url, new { details = Inject("Second draft", TimeSpan.FromHours(1), [Force]) }, version)).ReadAsync<JsonElement>();
        var stale = await (await controller.SendAsync(HttpMethod.Put, url, new { details = Inject("Stale draft", TimeSpan.FromHours(1)) }, version))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/item-conflict");
        Assert.Equal("Second draft", stale.GetProperty("current").GetProperty("details").GetProperty("synopsis").GetString());
        await controller.PostAsync(exerciseId, $"injects/{edited}/delay", new { scenarioTime = "03:30:00" });
        await controller.PostAsync(exerciseId, $"injects/{skipped}/skip", new { reason = "Play went another way" });
        await controller.StartAsync(exerciseId);
        await controller.ReleaseAsync(exerciseId, edited);

        var injects = (await controller.BoardAsync(exerciseId)).GetProperty("injects").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());
        Assert.Equal(("Second draft", "03:30:00", "Released"), (injects[edited].GetProperty("synopsis").GetString(),
            injects[edited].GetProperty("scenarioTime").GetString(), injects[edited].GetProperty("status").GetString()));
        Assert.Equal(("Skipped", "Play went another way"), (injects[skipped].GetProperty("status").GetString(), injects[skipped].GetProperty("skipReason").GetString()));
        Assert.True(revised.GetProperty("version").GetInt64() > version);
        await (await controller.SendAsync(HttpMethod.Post, $"{url}/delay", new { scenarioTime = "04:00:00" }))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/inject-released");
        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/injects/{skipped}/release"))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/inject-skipped");
    }

    [Fact]
    public async Task Observations_gaps_and_improvements_are_created_with_201_and_their_Location()
    {
        using var controller = await app.ClientFor("controller1");
        using var evaluator = await app.ClientFor("observer1");
        var exerciseId = await controller.NewExerciseAsync("Created items test");
        (string Path, object Body)[] creates =
        [
            ("observations", new { text = "Checkpoints were staffed within the hour" }),
            ("gaps", new { description = "No plan for the market's night hours" }),
            ("improvements",
                new { description = "Night patrols on market days", owner = "UNPOL Sector East", due = "2027-02-28" }),
        ];

        foreach (var (path, body) in creates)
        {
            var response = await evaluator.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/{path}", body);
            var item = (await response.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("item");
            var id = item.GetProperty("id").GetGuid();
            Assert.Equal($"/api/exercises/{exerciseId}/{path}/{id}", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task An_improvement_is_carried_into_the_strategy_by_a_planner_naming_the_exercise()
    {
        using var controller = await app.ClientFor("controller1");
        using var evaluator = await app.ClientFor("observer1");
        using var planner = await app.ClientFor("planner1");
        var exerciseId = await controller.NewExerciseAsync("Improvement test");
        var improvement = await (await evaluator.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/improvements",
            new { description = "Pre-position an FPU platoon in Bentiu on market days", owner = "UNPOL Sector East",
                due = "2027-01-31" })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var actionId = improvement.GetProperty("item").GetProperty("id").GetGuid();

        await (await controller.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/improvements/{actionId}/adopt")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        var adopted = await (await planner.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/improvements/{actionId}/adopt")).ReadAsync<JsonElement>();
        await (await planner.SendAsync(HttpMethod.Post, $"/api/exercises/{exerciseId}/improvements/{actionId}/adopt"))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/improvement-adopted");

        var view = await planner.ViewAsync(DemoApp.StrategyId, adopted.GetProperty("version").GetInt64());
        // The demo's ended exercise adopted one of its own: this exercise's is the one naming it.
        var item = view.GetProperty("improvements").EnumerateArray().Select(i => i.GetProperty("details"))
            .Single(d => d.GetProperty("exerciseId").GetGuid() == exerciseId);
        Assert.Equal((exerciseId, actionId, "UNPOL Sector East"), (item.GetProperty("exerciseId").GetGuid(), item.GetProperty("actionId").GetGuid(), item.GetProperty("owner").GetString()));
        var report = await (await controller.GetAsync($"/api/exercises/{exerciseId}/report")).ReadAsync<JsonElement>();
        Assert.Equal(adopted.GetProperty("version").GetInt64(), report.GetProperty("improvements")[0].GetProperty("adoptedAtStrategyVersion").GetInt64());
    }

    private static async Task<long> StrategyVersionAsync(HttpClient reader) =>
        (await (await reader.GetAsync(Strategy)).ReadAsync<JsonElement>()).GetProperty("version").GetInt64();

    private async Task<Dictionary<string, List<DateTimeOffset>>> TimestampsAsync(Guid exerciseId)
    {
        await using var query = app.DataSource.CreateCommand("select type, timestamp from planner.mt_events where stream_id = @id order by version");
        query.Parameters.AddWithValue("id", exerciseId);
        var stamps = new Dictionary<string, List<DateTimeOffset>>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!stamps.TryGetValue(reader.GetString(0), out var list)) stamps[reader.GetString(0)] = list = [];
            list.Add(reader.GetFieldValue<DateTimeOffset>(1));
        }
        return stamps;
    }

    private static async Task<List<JsonElement>> ControlChangesUntilAsync(HubConnection hub, long version)
    {
        var changes = new List<JsonElement>();
        while (changes.Count == 0 || changes[^1].GetProperty("version").GetInt64() < version)
            changes.Add(await hub.NextAsync("exerciseChange", LiveApi.Bound));
        return changes;
    }
}

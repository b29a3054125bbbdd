using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProtectionPlanner.Domain.Demo;
using static ProtectionPlanner.Browser.Tests.ExerciseApi;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The demo exercise played to its end: its clock, started and paused at set-up, resumed at 60 times wall time, an
/// inject released and answered a few seconds later. A database of its own, as the exercise ends.
/// </summary>
public class ExerciseReportTimingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const double Speed = 60;

    private static readonly Guid ExerciseId = DemoExercise.ExerciseId;

    /// <summary>The demo's inject to the Force, which player1 plays for.</summary>
    private static readonly Guid ForceInject = BrowserApp.DemoItem("exercise/sector-east/mobilisation");

    [Fact]
    public async Task The_report_measures_the_time_to_first_response_on_the_exercise_clock_from_when_play_began()
    {
        using var controller = await app.ApiClientAsync("controller1");
        using var player = await app.ApiClientAsync("player1");
        var setUp = await SetUpAtAsync(controller);

        await PostAsync(controller, $"/api/exercises/{ExerciseId}/clock/speed", new { speed = Speed });
        await PostAsync(controller, $"/api/exercises/{ExerciseId}/clock/resume", null);
        await PostAsync(controller, $"/api/exercises/{ExerciseId}/injects/{ForceInject}/release", null);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await PostAsync(player, $"/api/exercises/{ExerciseId}/responses",
            new { injectId = ForceInject, text = "A patrol leaves for Kaljak at first light; the JOC is alerted." });
        await PostAsync(controller, $"/api/exercises/{ExerciseId}/clock/end", null);

        var report = await GetJsonAsync(controller, $"/api/exercises/{ExerciseId}/report");
        var inject = report["injects"]!.AsArray()
            .Single(i => i!["injectId"]!.GetValue<string>() == ForceInject.ToString())!;
        var seconds = inject["secondsToFirstResponse"]!.GetValue<double>();
        var scenarioText = inject["scenarioTimeToFirstResponse"]!.GetValue<string>();
        var scenario = TimeSpan.Parse(scenarioText, CultureInfo.InvariantCulture);
        // The clock ran at 60 times wall time from the release to the answer: a minute of scenario time per second.
        Assert.True(seconds >= 3, $"{seconds} s from the release to the answer");
        Assert.InRange(scenario.TotalSeconds, seconds * Speed - 1, seconds * Speed + 1);
        var summary = report["summary"]!;
        Assert.Equal(scenarioText, summary["medianScenarioTimeToFirstResponse"]!.GetValue<string>());
        // Play began when the clock was resumed, not when the demo set the exercise up and paused it.
        var began = report["startedAt"]!.GetValue<DateTimeOffset>();
        var released = inject["release"]!["at"]!.GetValue<DateTimeOffset>();
        Assert.True(began > setUp && began <= released,
            $"play began at {began:O}; set up at {setUp:O}, released at {released:O}");

        await using var controller1 = await app.OpenAsync("controller1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_report_measures_the_time_to_first_response_on_the_exercise_clock_from_when_play_began),
            [controller1], async () =>
            {
                await controller1.SignInAsync();
                await controller1.Page.GotoAsync(new Uri(app.Address, $"/#/exercises/{ExerciseId}/report").ToString());
                var row = controller1.Page.Locator($"[data-testid='aar-inject'][data-id='{ForceInject}']");
                var shown = Duration(scenario.TotalSeconds);
                await Expect(row.GetByTestId("scenario-time-to-first-response")).ToHaveTextAsync(shown);
                await Expect(row.GetByTestId("time-to-first-response"))
                    .ToContainTextAsync($"{Duration(seconds)} wall clock");
                await Expect(controller1.Page.GetByTestId("median-time-to-first-response")).ToHaveTextAsync(shown);
                await Expect(controller1.Page.GetByTestId("aar-started")).ToBeVisibleAsync();
            });
    }

    /// <summary>When the demo set the exercise up: its clock started, once the read model lists it.</summary>
    private static async Task<DateTimeOffset> SetUpAtAsync(HttpClient controller)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await GetJsonAsync(controller, "/api/me/exercises")).AsArray()
               .All(e => e!["exerciseId"]!.GetValue<string>() != ExerciseId.ToString()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The demo exercise is not listed.");
            await Task.Delay(200);
        }
        var board = await GetJsonAsync(controller, $"/api/exercises/{ExerciseId}");
        return board["clock"]!["startedAt"]!.GetValue<DateTimeOffset>();
    }
}

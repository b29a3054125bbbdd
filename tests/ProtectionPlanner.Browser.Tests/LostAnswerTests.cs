using System.Text.Json;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>A planner's network drops the server's answer to a command that the server applied.</summary>
public class LostAnswerTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_threat_whose_answer_was_lost_is_sent_again_with_the_same_key_and_recorded_once()
    {
        const string title = "Night raids on fishing camps along the Nile at Nyal";
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(nameof(A_threat_whose_answer_was_lost_is_sent_again_with_the_same_key_and_recorded_once), [planner], async () =>
        {
            await planner.OpenStrategyAsync();
            var attempts = new List<(string? Key, int? Status)>();
            await planner.Page.RouteAsync($"**/api/strategies/{BrowserApp.StrategyId}/threats", async route =>
            {
                if (route.Request.Method != "POST" || attempts.Count > 0)
                {
                    attempts.Add((route.Request.Headers.GetValueOrDefault("idempotency-key"), null));
                    await route.ContinueAsync();
                    return;
                }
                var answer = await route.FetchAsync(); // the server applies the command...
                attempts.Add((route.Request.Headers.GetValueOrDefault("idempotency-key"), answer.Status));
                await route.AbortAsync("connectionreset"); // ...and its answer never reaches the page
            });

            await planner.AddThreatAsync(new Dictionary<string, string>
            {
                ["title"] = title,
                ["description"] = "Armed youth cross by boat at night, burn shelters and take cattle and fishing gear.",
                ["likelihood"] = "4",
                ["impact"] = "4",
                ["location"] = "Nyal, Panyijiar County",
            });

            await Expect(planner.ThreatRow(title)).ToHaveCountAsync(1);
            Assert.Equal(2, attempts.Count);
            Assert.Equal(201, attempts[0].Status);
            Assert.False(string.IsNullOrEmpty(attempts[0].Key), "The command was sent without an Idempotency-Key.");
            Assert.Equal(attempts[0].Key, attempts[1].Key);
            using var api = await app.ApiClientAsync("planner1");
            using var strategy = JsonDocument.Parse(await api.GetStringAsync($"/api/strategies/{BrowserApp.StrategyId}"));
            Assert.Single(strategy.RootElement.GetProperty("threats").EnumerateArray(),
                threat => threat.GetProperty("assessment").GetProperty("title").GetString() == title);
        });
    }
}

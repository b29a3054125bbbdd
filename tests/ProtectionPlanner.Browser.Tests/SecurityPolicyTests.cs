namespace ProtectionPlanner.Browser.Tests;

/// <summary>The UI runs under the app's Content-Security-Policy: the browser blocks nothing it needs.</summary>
public class SecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Collects every violation the page reports, from the first script on.</summary>
    private const string RecordViolations = """
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task The_workspace_with_its_live_connection_and_charts_runs_under_the_policy_without_a_violation()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(nameof(The_workspace_with_its_live_connection_and_charts_runs_under_the_policy_without_a_violation), [planner], async () =>
        {
            await planner.Page.AddInitScriptAsync(RecordViolations);
            var page = await planner.Page.ReloadAsync();
            var policy = await page!.HeaderValueAsync("content-security-policy");
            Assert.Contains("script-src 'self'", policy);
            Assert.Contains("connect-src 'self'", policy);

            await planner.OpenStrategyAsync();
            await Expect(planner.Page.GetByTestId("link-state")).ToHaveTextAsync("Live"); // the hub's WebSocket is up
            await planner.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            Assert.Empty(await planner.Page.EvaluateAsync<string[]>("() => window.cspViolations"));
            Assert.DoesNotContain(planner.Problems, problem => problem.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));


            // And the policy is in force: a script injected inline does not run.
            await planner.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); }");
            Assert.False(await planner.Page.EvaluateAsync<bool>("() => window.inlineRan === true"));
        });
    }
}

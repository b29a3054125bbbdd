using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>The images the container tests run, and clients of the app they serve.</summary>
internal static class Images
{
    // Once per test run: the tests of several classes ask at once.
    private static readonly Lazy<Task<string>> App = new(() => NamedAsync("PLANNER_TEST_APP_IMAGE", "app-image"));
    private static readonly Lazy<Task<string>> Proxy =
        new(() => NamedAsync("PLANNER_PROXY_IMAGE", "proxy-image"));

    /// <summary>The app's image: <c>PLANNER_TEST_APP_IMAGE</c>, else built by <c>deploy/local/docker.sh</c>.</summary>
    public static Task<string> AppAsync() => App.Value;

    /// <summary>The reverse proxy's image: <c>PLANNER_PROXY_IMAGE</c>, else Debian's nginx built by docker.sh.
    /// </summary>
    public static Task<string> ProxyAsync() => Proxy.Value;

    /// <summary>A client of the app at <paramref name="address"/> as a demo user, once the demo strategy's view is
    /// served (the demo data is seeded at the first start).</summary>
    public static async Task<HttpClient> ClientAsync(Uri address, string userName)
    {
        var client = new HttpClient { BaseAddress = address };
        var response = await client.PostAsJsonAsync("/api/demo/token", new { userName });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await client.GetAsync($"/api/strategies/{DemoApp.StrategyId}/view")).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The demo strategy's view was not served.");
            await Task.Delay(500);
        }
        return client;
    }

    private static async Task<string> NamedAsync(string variable, string verb)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } named) return named;
        var (exitCode, output) = await Scripts.RunAsync(
            "deploy/local/docker.sh", [verb], new Dictionary<string, string>(), TimeSpan.FromMinutes(15));
        Assert.True(exitCode == 0, output);
        return output.Trim().Split('\n')[0];
    }
}

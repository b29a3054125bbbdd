using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// Security headers on the web UI and on every API answer, refusals included; the UI's page gets a Content-Security-Policy
/// that lets it load only its own scripts, styles and sockets, and the UI has nothing inline that the policy would block.
/// (The browser tests run the real UI under the policy.)
/// </summary>
public sealed partial class SecurityHeadersTests(DemoApp app) : IClassFixture<DemoApp>, IAsyncLifetime
{
    private static readonly string ServerFolder = Path.Combine(PostgresServer.RepositoryRoot, "src", "ProtectionPlanner.Server");

    /// <summary>The built UI's page when deploy/local/build-ui.sh has run, else the page Vite builds it from.</summary>
    private static readonly string Page = File.Exists(Path.Combine(ServerFolder, "wwwroot", "index.html"))
        ? Path.Combine(ServerFolder, "wwwroot", "index.html")
        : Path.Combine(ServerFolder, "ClientApp", "index.html");

    private readonly string webRoot = Directory.CreateTempSubdirectory("planner-webroot-").FullName;
    private WebApplicationFactory<Program>? node;

    /// <summary>A node of the demo app serving <see cref="Page"/> as its web UI.</summary>
    private WebApplicationFactory<Program> Node => node ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        File.Copy(Page, Path.Combine(webRoot, "index.html"));
        node = app.Factory.WithWebHostBuilder(host => host.UseWebRoot(webRoot));
        await node.Services.GetRequiredService<DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync()
    {
        if (node is not null) await node.DisposeAsync(); // not disposed with the demo app's factory, from which it derives
        Directory.Delete(webRoot, recursive: true);
    }

    [Fact]
    public async Task The_UI_page_may_load_scripts_styles_and_connections_only_from_its_own_origin_and_be_framed_by_nobody()
    {
        var response = await Node.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Directives(response);
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.DoesNotContain("unsafe", response.Headers.GetValues("Content-Security-Policy").Single());
        AssertCommonHeaders(response, "GET /");
    }

    [Fact]
    public void The_UI_has_no_inline_script_style_or_handler_the_policy_would_block()
    {
        var html = File.ReadAllText(Page);
        var scripts = Tags().Matches(html).Select(m => m.Value).Where(tag => tag.StartsWith("<script", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains(" src=", tag));
        Assert.DoesNotMatch(StyleElementOrAttribute(), html);
        Assert.DoesNotMatch(InlineHandler(), html);
        var sources = Directory.EnumerateFiles(Path.Combine(ServerFolder, "ClientApp", "src"), "*.ts*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("dangerouslySetInnerHTML", text);
            Assert.DoesNotMatch(Evaluation(), text);
        });
    }

    [Fact]
    public async Task Every_API_answer_and_refusal_carries_the_headers_and_a_policy_that_loads_nothing()
    {
        var planner = await app.ClientFor(Node, "planner1");
        var anonymous = Node.CreateClient();
        var answers = new (string Request, HttpResponseMessage Response)[]
        {
            ("GET /api/me", await planner.GetAsync("/api/me")),
            ("GET /api/me without a token", await anonymous.GetAsync("/api/me")),
            ("GET an unknown strategy", await planner.GetAsync($"/api/strategies/{Guid.NewGuid()}")),
            ("POST a malformed threat", await planner.SendRawAsync(HttpMethod.Post, $"/api/strategies/{DemoApp.StrategyId}/threats", "{")),
            ("DELETE /api/me", await planner.DeleteAsync("/api/me")),
            ("GET an unknown route without a token", await anonymous.GetAsync("/api/nothing-here")),
            ("GET the export", await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/history.csv")),
            ("GET /openapi/v1.json", await anonymous.GetAsync("/openapi/v1.json")),
            ("GET /health/live", await anonymous.GetAsync("/health/live")),
            ("POST the negotiation without a token", await anonymous.PostAsync("/hubs/planning/negotiate?negotiateVersion=1", null)),
        };

        Assert.Equal(
            [200, 401, 404, 400, 405, 401, 200, 200, 200, 401],
            answers.Select(a => (int)a.Response.StatusCode));
        foreach (var (request, response) in answers)
        {
            Assert.Equal(SecurityHeaders.ApiPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            AssertCommonHeaders(response, request);
        }
    }

    [Theory]
    [InlineData("evil.example; script-src *")]
    [InlineData("evil.example 'unsafe-inline'")]
    [InlineData("evil.example,other")]
    public async Task A_forged_Host_header_cannot_write_into_the_policy(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Host", host);

        var response = await Node.CreateClient().SendAsync(request);

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("evil", policy);
        Assert.Equal("'self'", Directives(response)["script-src"]);
        Assert.Equal("'self'", Directives(response)["connect-src"]);
    }

    [Fact]
    public async Task The_page_policy_names_the_socket_origin_from_configuration_never_from_the_Host_header()
    {
        await using var configured =
            Node.WithWebHostBuilder(host => host.UseSetting("Planner:PublicHost", "planner.example.org:8443"));

        Assert.Equal("'self'", Directives(await PageAsync(Node, "other.example"))["connect-src"]);
        Assert.Equal("'self' ws://planner.example.org:8443 wss://planner.example.org:8443",
            Directives(await PageAsync(configured, "other.example"))["connect-src"]);
    }

    [Theory]
    [InlineData("planner.example.org:8443/x")]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("'self'")]
    public async Task A_node_whose_public_host_could_extend_the_policy_refuses_to_start(string publicHost)
    {
        await using var misconfigured =
            Node.WithWebHostBuilder(host => host.UseSetting("Planner:PublicHost", publicHost));

        var refusal = Record.Exception(() => misconfigured.CreateClient());

        Assert.Contains("Planner:PublicHost must be a host name", refusal?.ToString());
    }

    private static async Task<HttpResponseMessage> PageAsync(WebApplicationFactory<Program> node, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Host", host);
        return await node.CreateClient().SendAsync(request);
    }

    private static void AssertCommonHeaders(HttpResponseMessage response, string request)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : $"(no {name} on {request})";
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Contains("camera=()", Header("Permissions-Policy"));
        Assert.Contains("microphone=()", Header("Permissions-Policy"));
        Assert.Contains("geolocation=()", Header("Permissions-Policy"));
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);

    [GeneratedRegex("<[a-z]+[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    [GeneratedRegex(@"<style|\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElementOrAttribute();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"\beval\s*\(|new\s+Function\s*\(")]
    private static partial Regex Evaluation();
}

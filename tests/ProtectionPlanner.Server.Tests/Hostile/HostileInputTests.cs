using System.Net;
using System.Text;
using System.Text.Json;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Tests.Exercises;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// The requests the fuzz tests found failing, kept as plain cases: each was a 500, or was accepted with a U+0000 that
/// PostgreSQL's json functions cannot read (a threat description holding one stopped the planning views for good).
/// Now each is a 4xx that appends nothing, and the projections keep running.
/// </summary>
public sealed class HostileInputTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string ThreatsUrl = $"/api/strategies/{DemoApp.StrategyId}/threats";

    [Fact]
    public async Task A_text_holding_U0000_is_refused_naming_the_field_and_the_read_models_keep_up()
    {
        var planner = await app.ClientFor("planner1");
        var body = JsonSerializer.Serialize(new { assessment = Sample.Threat("Clean title") with { Description = "nul\0in the middle" } }, DemoApp.Json);
        var listed = JsonSerializer.Serialize(new { assessment = Sample.Threat() with { OtherProtectionActors = ["UNHCR", "\0"] } }, DemoApp.Json);
        var events = await app.EventCountAsync();

        var description = await (await planner.SendRawAsync(HttpMethod.Post, ThreatsUrl, body)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        var inList = await (await planner.SendRawAsync(HttpMethod.Post, ThreatsUrl, listed)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        var reason = await (await planner.SendRawAsync(HttpMethod.Post, $"{ThreatsUrl}?reason=%00", JsonSerializer.Serialize(new { assessment = Sample.Threat() }, DemoApp.Json)))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");

        Assert.Equal(["assessment.description"], description.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(["assessment.otherProtectionActors"], inList.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(["reason"], reason.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(events, await app.EventCountAsync());
        var threat = await planner.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("After the refusals"));
        var view = await (await app.ClientFor("hq1")).GetAsync($"/api/strategies/{DemoApp.StrategyId}/view?minVersion={threat.Stamp.Version}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(0L, await app.ScalarAsync<long>($"select count(*) from {MartenSetup.Schema}.mt_doc_deadletterevent"));
    }

    [Fact]
    public async Task A_msel_holding_U0000_imports_nothing()
    {
        using var controller = await app.ClientFor("controller1");
        var exerciseId = await controller.NewExerciseAsync("NUL import");
        const string header = "Inject No.,Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action,Objective Tested,Linked Threat,Contingency\r\n";
        var events = await app.EventCountAsync();

        var response = await controller.ImportAsync(exerciseId, header + ",T+00:30,Radio call\0-in,Media Report,All,Visible presence,,T-01,\r\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_query_filter_holding_U0000_is_a_400_not_a_500()
    {
        var planner = await app.ClientFor("planner1");

        foreach (var url in new[] { $"/api/strategies/{DemoApp.StrategyId}/history.csv?actor=%00", $"/api/strategies/{DemoApp.StrategyId}/history?actor=a%00b", "/api/history?kind=%00" })
            await (await planner.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/bad-request");
    }

    [Theory]
    [InlineData("application/json; charset=nonsense")]
    [InlineData("application/json; charset=\"utf-8\"x")]
    public async Task A_body_in_a_charset_nobody_knows_is_refused_with_415(string contentType)
    {
        var planner = await app.ClientFor("planner1");
        using var request = new HttpRequestMessage(HttpMethod.Post, ThreatsUrl)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { assessment = Sample.Threat() }, DemoApp.Json))),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var events = await app.EventCountAsync();

        var response = await planner.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused_with_415_as_ProblemDetails()
    {
        var planner = await app.ClientFor("planner1");
        using var request = new HttpRequestMessage(HttpMethod.Post, ThreatsUrl) { Content = new StringContent("<threat/>", Encoding.UTF8, "application/xml") };

        await (await planner.SendAsync(request)).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
    }
}

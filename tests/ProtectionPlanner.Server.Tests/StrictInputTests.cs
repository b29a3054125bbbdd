using System.Net;

namespace ProtectionPlanner.Server.Tests;

public sealed class StrictInputTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static string Strategy(string rest = "") => $"/api/strategies/{DemoApp.StrategyId}{rest}";

    [Fact]
    public async Task A_number_sent_as_text_is_refused_naming_the_field()
    {
        var planner = await app.ClientFor("planner1");
        var before = await app.EventCountAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(new Strategies.ThreatRequest(Sample.Threat()), DemoApp.Json)
            .Replace("\"likelihood\":3", "\"likelihood\":\"3\"", StringComparison.Ordinal);
        Assert.Contains("\"likelihood\":\"3\"", json);

        var problem = await (await planner.SendRawAsync(HttpMethod.Post, Strategy("/threats"), json)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");

        Assert.Equal("must be a whole number from -2147483648 to 2147483647.", problem.GetProperty("errors").GetProperty("assessment.likelihood")[0].GetString());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Theory]
    [InlineData("\"abduction\"")]
    [InlineData("\"ABDUCTION\"")]
    [InlineData("\" Abduction\"")]
    [InlineData("\"Abduction \"")]
    [InlineData("\"Abduction, ChildRecruitment\"")]
    [InlineData("\"4\"")]
    [InlineData("4")]
    public async Task An_enumeration_value_other_than_an_exact_name_is_refused_naming_the_field_and_the_names(
        string category)
    {
        var planner = await app.ClientFor("planner1");
        var before = await app.EventCountAsync();
        var json = System.Text.Json.JsonSerializer
            .Serialize(new Strategies.ThreatRequest(Sample.Threat()), DemoApp.Json)
            .Replace("\"category\":\"IntercommunalViolence\"", $"\"category\":{category}", StringComparison.Ordinal);
        Assert.Contains(category, json);

        var problem = await (await planner.SendRawAsync(HttpMethod.Post, Strategy("/threats"), json))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");

        Assert.Equal($"must be one of {string.Join(", ", Enum.GetNames<Domain.Strategies.ThreatCategory>())}.",
            problem.GetProperty("errors").GetProperty("assessment.category")[0].GetString());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task In_French_field_errors_unknown_items_and_unknown_routes_are_told_in_french()
    {
        var planner = (await app.ClientFor("planner1")).InFrench();
        var json = System.Text.Json.JsonSerializer
            .Serialize(new Strategies.ThreatRequest(Sample.Threat()), DemoApp.Json)
            .Replace("\"likelihood\":3", "\"likelihood\":\"3\"", StringComparison.Ordinal);

        var invalid = await (await planner.SendRawAsync(HttpMethod.Post, Strategy("/threats"), json))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        var unknown = await (await planner.GetAsync(Strategy($"/threats/{Guid.NewGuid()}")))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        var nowhere = await (await planner.GetAsync("/api/no-such-thing"))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");

        Assert.Equal("Requête invalide", invalid.GetProperty("title").GetString());
        Assert.Equal("doit être un nombre entier de -2147483648 à 2147483647.",
            invalid.GetProperty("errors").GetProperty("assessment.likelihood")[0].GetString());
        Assert.Equal("Menace introuvable", unknown.GetProperty("title").GetString());
        Assert.EndsWith("n’existe pas.", unknown.GetProperty("detail").GetString());
        Assert.Equal("Introuvable", nowhere.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_with_problem_details()
    {
        var planner = await app.ClientFor("planner1");
        await (await planner.GetAsync("/api/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await planner.GetAsync(Strategy("/threats/not-a-guid"))).ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await planner.DeleteAsync(Strategy("/coherence"))).ProblemAsync(HttpStatusCode.MethodNotAllowed, "/problems/method-not-allowed");
    }

    [Fact]
    public async Task Every_created_item_can_be_fetched_at_its_Location()
    {
        var planner = await app.ClientFor("planner1");
        var created = await planner.SendAsync(HttpMethod.Post, Strategy("/fora"), new Strategies.DetailsRequest<Domain.Strategies.ForumDetails>(
            new("Protection cluster liaison", Domain.Strategies.ForumLevel.Field, "POC Adviser", ["OCHA", "UNHCR"], "Weekly", null)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var fetched = await planner.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(created.Headers.ETag, fetched.Headers.ETag);
    }
}

using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>
/// Bad input of every kind, for the commands that take the richest bodies: refused with RFC 7807 ProblemDetails naming the
/// field by its JSON path, and nothing appended. Each case varies one thing of a body that is otherwise valid (the last
/// test checks those bodies are accepted).
/// </summary>
public sealed class BadInputTests(DemoApp app) : IClassFixture<DemoApp>
{
    /// <summary>Ids the requests name: the demo strategy and mission, a threat, an activity without a lead, a component.</summary>
    public sealed record Known(Guid StrategyId, Guid MissionId, Guid ThreatId, Guid ActivityId, Guid ComponentId);

    /// <summary>A command as a client sends it, with a body that passes validation.</summary>
    public sealed record Command(string Name, string User, HttpMethod Method, Func<Known, string> Url, Func<Known, object> ValidBody, bool ReadsIfMatch);

    /// <summary>One bad request: the body (or route, header, query) it sends and how it must be refused.</summary>
    public sealed record BadInput(
        Command Command, Func<Known, string> Body, HttpStatusCode Status, string Type, string? Field,
        Func<Known, string>? Url = null, string? IfMatch = null, string Query = "", string? IdempotencyKey = null);

    private static readonly Command IdentifyThreat = new("identify-threat", "planner1", HttpMethod.Post,
        k => $"/api/strategies/{k.StrategyId}/threats", _ => new ThreatRequest(Sample.Threat()), ReadsIfMatch: false);

    private static readonly Command ReassessThreat = new("reassess-threat", "planner1", HttpMethod.Put,
        k => $"/api/strategies/{k.StrategyId}/threats/{k.ThreatId}", _ => new ThreatRequest(Sample.Threat()), ReadsIfMatch: true);

    private static readonly Command PlanActivity = new("plan-activity", "planner1", HttpMethod.Post,
        k => $"/api/strategies/{k.StrategyId}/activities", k => new ActivityRequest(Sample.Activity(k.ThreatId)), ReadsIfMatch: false);

    private static readonly Command AssignLead = new("assign-lead", "planner2", HttpMethod.Put,
        k => $"/api/strategies/{k.StrategyId}/activities/{k.ActivityId}/lead",
        k => new AssignmentRequest(k.ComponentId, new Commitment(3, [new Asset("Field vehicle", 1)])), ReadsIfMatch: true);

    private static readonly Command AddComponent = new("add-component", "planner1", HttpMethod.Post,
        k => $"/api/missions/{k.MissionId}/components",
        _ => new AddComponentRequest(ComponentKind.Jmac, $"Analysis cell {Guid.NewGuid():N}", new Capacity(5, [new Asset("Satellite phone", 2)])), ReadsIfMatch: true);

    private static readonly Command RegisterMission = new("register-mission", "admin1", HttpMethod.Post,
        _ => "/api/missions",
        _ => new RegisterMissionRequest(null, "United Nations Test Office (fictional)", "UNTO", MissionKind.Spm, "Testland (fictional)", Sample.Mandate()),
        ReadsIfMatch: false);

    private const string Validation = "/problems/validation";
    private const string NotFound = "/problems/not-found";
    private const string TooLarge = "/problems/too-large";

    private static readonly string Unknown = Guid.NewGuid().ToString();

    private static readonly Dictionary<string, BadInput> Cases = Build();

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    public static TheoryData<string> CommandNames() => new(new[] { IdentifyThreat, ReassessThreat, PlanActivity, AssignLead, AddComponent, RegisterMission }.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_refused_with_problem_details_naming_the_field_and_appends_nothing(string name)
    {
        var bad = Cases[name];
        var known = await KnownAsync();
        var client = await app.ClientFor(bad.Command.User);
        var ifMatch = bad.IfMatch ?? (bad.Command.ReadsIfMatch ? await CurrentIfMatchAsync(bad.Command, known) : null);
        var events = await app.EventCountAsync();

        var response = await client.SendRawAsync(bad.Command.Method, (bad.Url ?? bad.Command.Url)(known) + bad.Query, bad.Body(known), ifMatch, bad.IdempotencyKey);

        var problem = await response.ProblemAsync(bad.Status, bad.Type);
        if (bad.Status == HttpStatusCode.BadRequest)
        {
            var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
            if (bad.Field is null) Assert.NotEmpty(errors);
            else Assert.True(errors.Contains(bad.Field), $"The errors name {string.Join(", ", errors)}, not {bad.Field}: {problem}");
        }
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task The_valid_bodies_the_bad_inputs_start_from_are_accepted(string name)
    {
        var command = Cases.Values.Select(c => c.Command).Distinct().Single(c => c.Name == name);
        var known = await KnownAsync();
        var client = await app.ClientFor(command.User);
        var ifMatch = command.ReadsIfMatch ? await CurrentIfMatchAsync(command, known) : null;
        var events = await app.EventCountAsync();

        var response = await client.SendRawAsync(command.Method, command.Url(known), Json(command.ValidBody(known)).ToJsonString(), ifMatch);

        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.True(await app.EventCountAsync() > events);
    }

    /// <summary>The ids, read once per database: the bad inputs change nothing.</summary>
    private static readonly ConditionalWeakTable<DemoApp, Task<Known>> KnownIds = new();

    private Task<Known> KnownAsync() => KnownIds.GetValue(app, _ => ReadKnownAsync());

    private async Task<Known> ReadKnownAsync()
    {
        var strategy = await (await app.ClientFor("planner1")).StrategyAsync(DemoApp.StrategyId);
        var mission = await (await (await app.ClientFor("planner1")).GetAsync($"/api/missions/{DemoApp.MissionId}")).ReadAsync<MissionView>();
        var activity = strategy.Activities.FirstOrDefault(a => strategy.Lead(a.Id) is null) ?? strategy.Activities[0];
        return new Known(strategy.Id, mission.Id, strategy.Threats[0].Id, activity.Id, mission.Components[^1].Id);
    }

    /// <summary>The If-Match a well-behaved client sends: the version of the item it edits (none for a first lead).</summary>
    private async Task<string?> CurrentIfMatchAsync(Command command, Known known)
    {
        var strategy = await (await app.ClientFor("planner1")).StrategyAsync(known.StrategyId);
        long? version = command == ReassessThreat ? strategy.Threat(known.ThreatId)!.Stamp.Version
            : command == AssignLead ? strategy.Lead(known.ActivityId)?.Stamp.Version
            : null;
        return version is null ? null : $"\"{version}\"";
    }

    private static Dictionary<string, BadInput> Build()
    {
        var cases = new Dictionary<string, BadInput>();
        void Add(Command command, string description, BadInput bad) => cases.Add($"{command.Name}: {description}", bad);
        void Field(Command command, string description, string path, JsonNode? value, string? field = null) =>
            Add(command, description, new BadInput(command, k => With(command.ValidBody(k), path, value?.DeepClone()), HttpStatusCode.BadRequest, Validation, field ?? path));
        void Missing(Command command, string path) =>
            Add(command, $"{path} missing", new BadInput(command, k => Without(command.ValidBody(k), path), HttpStatusCode.BadRequest, Validation, path));
        void Common(Command command)
        {
            Add(command, "malformed JSON", new BadInput(command, k => Json(command.ValidBody(k)).ToJsonString()[..40], HttpStatusCode.BadRequest, Validation, null));
            Add(command, "not JSON at all", new BadInput(command, _ => "title=Raids&likelihood=3", HttpStatusCode.BadRequest, Validation, "body"));
            Add(command, "a 2 MB body", new BadInput(command, _ => $$"""{"padding":"{{new string('x', 2 * 1024 * 1024)}}"}""", HttpStatusCode.RequestEntityTooLarge, TooLarge, null));
            Add(command, "a reason over 2000 characters", new BadInput(command, k => Json(command.ValidBody(k)).ToJsonString(), HttpStatusCode.BadRequest, Validation, "reason",
                Query: $"?reason={new string('r', 2001)}"));
            Add(command, "an Idempotency-Key over 100 characters", new BadInput(command, k => Json(command.ValidBody(k)).ToJsonString(), HttpStatusCode.BadRequest, Validation,
                "Idempotency-Key", IdempotencyKey: new string('k', 101)));
            if (command.ReadsIfMatch)
                Add(command, "an If-Match that is not a version", new BadInput(command, k => Json(command.ValidBody(k)).ToJsonString(), HttpStatusCode.BadRequest, Validation, "If-Match",
                    IfMatch: "\"version 3\""));
        }

        var longTitle = new string('t', 201);
        var longText = new string('d', 4001);
        var tooMany = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)JsonValue.Create($"Actor {i}")).ToArray());

        Field(IdentifyThreat, "title over 200 characters", "assessment.title", longTitle);
        Field(IdentifyThreat, "description over 4000 characters", "assessment.description", longText);
        Field(IdentifyThreat, "category Aliens", "assessment.category", "Aliens");
        Field(IdentifyThreat, "category as a number", "assessment.category", 1);
        Field(IdentifyThreat, "likelihood 0", "assessment.likelihood", 0);
        Field(IdentifyThreat, "likelihood 6", "assessment.likelihood", 6);
        Field(IdentifyThreat, "impact -1", "assessment.impact", -1);
        Field(IdentifyThreat, "likelihood \"high\"", "assessment.likelihood", "high");
        Field(IdentifyThreat, "likelihood 2.5", "assessment.likelihood", 2.5);
        Field(IdentifyThreat, "51 other protection actors", "assessment.otherProtectionActors", tooMany);
        Field(IdentifyThreat, "a string where a list is expected", "assessment.otherProtectionActors", "UNHCR");
        Field(IdentifyThreat, "a blank protection actor", "assessment.otherProtectionActors", new JsonArray(" "), "assessment.otherProtectionActors[0]");
        Field(IdentifyThreat, "title null", "assessment.title", null);
        Field(IdentifyThreat, "title blank", "assessment.title", "   ");
        Field(IdentifyThreat, "perpetrator null", "assessment.perpetrator", null);
        Field(IdentifyThreat, "assessment null", "assessment", null);
        Field(IdentifyThreat, "review date not a date", "assessment.reviewDate", "next week");
        Missing(IdentifyThreat, "assessment.title");
        Missing(IdentifyThreat, "assessment.likelihood");
        Missing(IdentifyThreat, "assessment");
        Common(IdentifyThreat);
        Add(IdentifyThreat, "an unknown strategy", new BadInput(IdentifyThreat, k => Json(IdentifyThreat.ValidBody(k)).ToJsonString(), HttpStatusCode.NotFound, NotFound, null,
            Url: _ => $"/api/strategies/{Unknown}/threats"));
        Add(IdentifyThreat, "an unknown area", new BadInput(IdentifyThreat, k => With(IdentifyThreat.ValidBody(k), "assessment.areaId", Unknown), HttpStatusCode.NotFound, NotFound, null));

        Field(ReassessThreat, "likelihood 6", "assessment.likelihood", 6);
        Add(ReassessThreat, "an unknown threat", new BadInput(ReassessThreat, k => Json(ReassessThreat.ValidBody(k)).ToJsonString(), HttpStatusCode.NotFound, NotFound, null,
            Url: k => $"/api/strategies/{k.StrategyId}/threats/{Unknown}", IfMatch: "\"1\""));
        Common(ReassessThreat);

        Field(PlanActivity, "title over 200 characters", "details.title", longTitle);
        Field(PlanActivity, "description over 4000 characters", "details.description", longText);
        Field(PlanActivity, "tier Aliens", "details.tier", "Aliens");
        Field(PlanActivity, "phase Aliens", "details.phase", "Aliens");
        Field(PlanActivity, "51 threats", "details.threatIds", new JsonArray(Enumerable.Range(0, 51).Select(_ => (JsonNode)JsonValue.Create(Guid.NewGuid())).ToArray()));
        Field(PlanActivity, "a string where a list is expected", "details.threatIds", Unknown);
        Field(PlanActivity, "a threat id that is not a UUID", "details.threatIds", new JsonArray("T-01"), "details.threatIds[0]");
        Field(PlanActivity, "threat ids null", "details.threatIds", null);
        Field(PlanActivity, "details null", "details", null);
        Missing(PlanActivity, "details.tier");
        Missing(PlanActivity, "details.title");
        Common(PlanActivity);
        Add(PlanActivity, "start after the end", new BadInput(PlanActivity,
            k => With(JsonNode.Parse(With(PlanActivity.ValidBody(k), "details.start", "2026-06-01"))!, "details.end", "2026-05-01"), HttpStatusCode.BadRequest, Validation, "details.end"));
        Add(PlanActivity, "an unknown strategy", new BadInput(PlanActivity, k => Json(PlanActivity.ValidBody(k)).ToJsonString(), HttpStatusCode.NotFound, NotFound, null,
            Url: _ => $"/api/strategies/{Unknown}/activities"));
        Add(PlanActivity, "an unknown threat", new BadInput(PlanActivity, k => With(PlanActivity.ValidBody(k), "details.threatIds", new JsonArray(Unknown)), HttpStatusCode.NotFound, NotFound, null));

        Field(AssignLead, "an asset name over 200 characters", "commitment.assets", new JsonArray(new JsonObject { ["name"] = longTitle, ["quantity"] = 1 }), "commitment.assets[0].name");
        Field(AssignLead, "negative personnel", "commitment.personnel", -5);
        Field(AssignLead, "personnel over a million", "commitment.personnel", 1_000_001);
        Field(AssignLead, "an asset quantity over a million", "commitment.assets", new JsonArray(new JsonObject { ["name"] = "Truck", ["quantity"] = int.MaxValue }), "commitment.assets[0].quantity");
        Field(AssignLead, "a negative asset quantity", "commitment.assets", new JsonArray(new JsonObject { ["name"] = "Truck", ["quantity"] = -1 }), "commitment.assets[0].quantity");
        Field(AssignLead, "51 assets", "commitment.assets",
            new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["name"] = $"Asset {i}", ["quantity"] = 1 }).ToArray()));
        Field(AssignLead, "personnel \"many\"", "commitment.personnel", "many");
        Field(AssignLead, "a string where a list is expected", "commitment.assets", "Field vehicle");
        Field(AssignLead, "a component id that is not a UUID", "componentId", "Force");
        Field(AssignLead, "commitment null", "commitment", null);
        Field(AssignLead, "component id null", "componentId", null);
        Missing(AssignLead, "commitment");
        Missing(AssignLead, "commitment.personnel");
        Common(AssignLead);
        Add(AssignLead, "an unknown activity", new BadInput(AssignLead, k => Json(AssignLead.ValidBody(k)).ToJsonString(), HttpStatusCode.NotFound, NotFound, null,
            Url: k => $"/api/strategies/{k.StrategyId}/activities/{Unknown}/lead"));
        Add(AssignLead, "an unknown component", new BadInput(AssignLead, k => With(AssignLead.ValidBody(k), "componentId", Unknown), HttpStatusCode.NotFound, NotFound, null));

        Field(AddComponent, "name over 200 characters", "name", longTitle);
        Field(AddComponent, "kind Aliens", "kind", "Aliens");
        Field(AddComponent, "negative personnel", "capacity.personnel", -1);
        Field(AddComponent, "personnel over a million", "capacity.personnel", int.MaxValue);
        Field(AddComponent, "51 assets", "capacity.assets",
            new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["name"] = $"Asset {i}", ["quantity"] = 1 }).ToArray()));
        Field(AddComponent, "personnel \"many\"", "capacity.personnel", "many");
        Field(AddComponent, "a string where a list is expected", "capacity.assets", "Satellite phone");
        Field(AddComponent, "name null", "name", null);
        Field(AddComponent, "capacity null", "capacity", null);
        Missing(AddComponent, "name");
        Missing(AddComponent, "capacity.personnel");
        Common(AddComponent);
        Add(AddComponent, "an unknown mission", new BadInput(AddComponent, k => Json(AddComponent.ValidBody(k)).ToJsonString(), HttpStatusCode.NotFound, NotFound, null,
            Url: _ => $"/api/missions/{Unknown}/components"));

        Field(RegisterMission, "name over 200 characters", "name", longTitle);
        Field(RegisterMission, "acronym over 20 characters", "acronym", new string('A', 21));
        Field(RegisterMission, "mandate language over 4000 characters", "mandate.language", longText);
        Field(RegisterMission, "kind Aliens", "kind", "Aliens");
        Field(RegisterMission, "a mandate start that is not a date", "mandate.start", "yesterday");
        Field(RegisterMission, "POC mandated \"yes\"", "mandate.pocMandated", "yes");
        Field(RegisterMission, "a mandate ending before it starts", "mandate.end", "2025-01-01");
        Field(RegisterMission, "a mission id that is not a UUID", "missionId", "UNMDM");
        Field(RegisterMission, "name null", "name", null);
        Field(RegisterMission, "mandate null", "mandate", null);
        Missing(RegisterMission, "acronym");
        Missing(RegisterMission, "mandate.resolution");
        Common(RegisterMission);
        return cases;
    }

    private static JsonObject Json(object body) => JsonSerializer.SerializeToNode(body, body.GetType(), DemoApp.Json)!.AsObject();

    private static string With(object body, string path, JsonNode? value) => With(Json(body), path, value);

    private static string With(JsonNode body, string path, JsonNode? value)
    {
        var (parent, name) = Walk(body, path);
        parent[name] = value;
        return body.ToJsonString();
    }

    private static string Without(object body, string path)
    {
        var json = Json(body);
        var (parent, name) = Walk(json, path);
        Assert.True(parent.Remove(name), $"{path} is not in the body");
        return json.ToJsonString();
    }

    private static (JsonObject Parent, string Name) Walk(JsonNode body, string path)
    {
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate(body, (node, segment) => node[segment] ?? throw new ArgumentException($"{path} is not in the body")).AsObject();
        return (parent, segments[^1]);
    }
}

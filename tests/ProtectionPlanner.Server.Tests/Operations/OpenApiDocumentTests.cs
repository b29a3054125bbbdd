using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>
/// The web UI's types are generated at its build from a committed copy of the OpenAPI document
/// (ClientApp/openapi.json): the copy must be the document the API serves now, demo routes included.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.InDemoMode app)
    : IClassFixture<OpenApiDocumentTests.InDemoMode>
{
    public sealed class InDemoMode : PlannerApp
    {
        protected override WebApplicationFactory<Program> Configure(WebApplicationFactory<Program> factory) =>
            factory.WithWebHostBuilder(host => host
                .UseSetting("Planner:Demo:Enabled", "true")
                .UseSetting("Planner:Demo:SigningKey", "tests-only demo signing key"));
    }

    private static readonly string Committed =
        Path.Combine(PostgresServer.RepositoryRoot, "src", "ProtectionPlanner.Server", "ClientApp", "openapi.json");

    [Fact]
    public async Task The_UI_s_copy_of_the_OpenAPI_document_is_the_document_the_API_serves()
    {
        var served = await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json");

        var committed = File.Exists(Committed) ? JsonNode.Parse(await File.ReadAllTextAsync(Committed)) : null;
        if (JsonNode.DeepEquals(committed, JsonNode.Parse(served))) return;
        var fresh = Path.Combine(PostgresServer.RepositoryRoot, ".local", "openapi.json");
        Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
        await File.WriteAllTextAsync(fresh, served);
        Assert.Fail($"The UI's copy of the OpenAPI document is stale: cp {fresh} {Committed}, then rebuild the UI.");
    }
}

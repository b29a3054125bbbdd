using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The real app on a fresh database of its own, through the real HTTP pipeline.</summary>
public class PlannerApp : TestDatabase
{
    private WebApplicationFactory<Program>? factory;

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not initialised.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        factory = Configure(For(ConnectionString));
    }

    /// <summary>Settings of a fixture of its own, over the database's.</summary>
    protected virtual WebApplicationFactory<Program> Configure(WebApplicationFactory<Program> factory) => factory;

    /// <summary>An app on any connection string (for example one that reaches no database).</summary>
    public static WebApplicationFactory<Program> For(string connectionString) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host => host.UseSetting("Planner:Database", connectionString));

    /// <summary>Waits until the app reports ready: migrations run in the background at start-up.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = Factory.CreateClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return client;
            await Task.Delay(50);
        }
        throw new TimeoutException("The app did not become ready.");
    }

    public override async Task DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        await base.DisposeAsync();
    }
}

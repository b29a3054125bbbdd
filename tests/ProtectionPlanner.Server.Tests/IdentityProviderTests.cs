using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace ProtectionPlanner.Server.Tests;

/// <summary>A production node serves only when it can authenticate someone: through an identity provider or in demo
/// mode. (Tests otherwise run in the Development environment, where neither is required.)</summary>
public sealed class IdentityProviderTests
{
    /// <summary>No database listens here: a node starts without one, and these tests need none.</summary>
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Username=planner;Password=none;Database=planner;Timeout=1";

    [Fact]
    public async Task A_production_node_without_an_identity_provider_refuses_to_start_and_says_what_to_set()
    {
        var server = Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll");
        var start = new ProcessStartInfo("dotnet", [server, "serve", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["PLANNER__DATABASE"] = NoDatabase, ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The node kept serving without an identity provider:\n{await output}\n{await errors}");
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Planner:Auth:Authority", await output + await errors);
        Assert.Contains("Planner:Demo:Enabled", await output + await errors);
    }

    [Theory]
    [InlineData("Planner:Auth:Authority", "https://login.example.org/realms/un")]
    [InlineData("Planner:Demo:Enabled", "true")]
    public async Task A_production_node_with_an_identity_provider_or_in_demo_mode_starts(string setting, string value)
    {
        await using var node = PlannerApp.For(NoDatabase)
            .WithWebHostBuilder(host => host.UseEnvironment("Production").UseSetting(setting, value));

        Assert.Equal(HttpStatusCode.OK, (await node.CreateClient().GetAsync("/health/live")).StatusCode);
    }
}

using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Tests.Audit;

/// <summary>The audit verbs as a JasperFx command, parsed and run as the app's command line runs them.</summary>
public sealed class AuditCommandTests(AuditedStore database) : IClassFixture<AuditedStore>
{
    [Fact]
    public async Task Verify_exits_0_on_an_intact_record_and_1_once_an_event_is_edited()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);

        Task SetUserOfVersion2(string user) => database.ExecuteAsync(
            $"update {AuditedStore.Schema}.mt_events set user_name = '{user}' " +
            $"where stream_id = '{stream}' and version = 2");

        Assert.Equal(0, await RunAsync("audit", "verify"));
        await SetUserOfVersion2("hq1");
        Assert.Equal(1, await RunAsync("audit", "verify"));
        await SetUserOfVersion2("planner1");
        Assert.Equal(0, await RunAsync("audit", "verify"));
    }

    [Fact]
    public async Task Export_writes_a_stream_that_verify_export_finds_intact_and_an_unknown_stream_exports_nothing()
    {
        var stream = await Appending.StreamOfFiveAsync(database.Store);
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.jsonl");
        try
        {
            Assert.Equal(0, await RunAsync("audit", "export", stream.ToString(), file));
            Assert.Equal(6, File.ReadLines(file).Count());
            Assert.Equal(0, await RunAsync("audit", "verify-export", file));
            Assert.Equal(1, await RunAsync("audit", "export", Guid.NewGuid().ToString(), file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("audit", "frobnicate")]
    [InlineData("audit", "export", "not-a-stream-id")]
    [InlineData("audit", "verify-export", "/no/such/file.jsonl")]
    public async Task Bad_usage_fails_with_exit_code_2_for_the_process(params string[] args)
    {
        try
        {
            Assert.Equal(1, await RunAsync(args)); // JasperFx knows success and failure only
            Assert.Equal(AuditCommand.BadUsage, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    /// <summary>The command line of an app whose services are the planner's Marten store on the test
    /// database.</summary>
    private Task<int> RunAsync(params string[] args) => CommandExecutor.For(factory =>
    {
        factory.RegisterCommand<AuditCommand>();
        factory.ConfigureRun = run =>
        {
            if (run.Input is NetCoreInput input)
                input.HostBuilder = Host.CreateDefaultBuilder().ConfigureLogging(logging => logging.ClearProviders())
                    .ConfigureServices(services =>
                    {
                        services.AddSingleton(database.DataSource);
                        services.AddMarten(options =>
                        {
                            MartenSetup.Configure(options);
                            options.Connection(database.ConnectionString);
                        });
                    });
        };
    }).ExecuteAsync(args);
}

using System.Diagnostics;
using System.Text.Json;
using JasperFx;
using Marten;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests;

public sealed class CommandLineTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private sealed record Run(int ExitCode, string Output, string Errors)
    {
        public string All => Output + Errors;
    }

    private Task<Run> RunAsync(params string[] args) => RunOnAsync(database.ConnectionString, new Dictionary<string, string>(), args);

    private static async Task<Run> RunOnAsync(string connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["PLANNER__DATABASE"] = connectionString },
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Migrate_applies_the_schema_and_audit_verify_finds_a_tampered_event_by_stream_and_version()
    {
        var migrated = await RunAsync("migrate");
        Assert.True(migrated.ExitCode == 0, migrated.All);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass('planner.mt_events') is not null"));

        Guid stream;
        await using (var store = DocumentStore.For(options =>
                     {
                         MartenSetup.Configure(options);
                         options.Connection(database.ConnectionString);
                     }))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
            var threat = Audit.Appending.Threat(Guid.NewGuid(), "T-01", "Armed group attack on Bentiu market");
            stream = await Audit.Appending.StartAsync(store, threat);
        }
        var intact = await RunAsync("audit", "verify");
        Assert.True(intact.ExitCode == 0, intact.All);
        Assert.Contains("Intact: 2 events in 1 streams", intact.Output);
        Assert.Matches(@"audit verify: 2 / 2 events \(100%, \d+ s\)", intact.Errors);

        await database.ExecuteAsync($"update planner.mt_events set data = '{{\"likelihood\":2}}' where stream_id = '{stream}' and version = 2");
        var tampered = await RunAsync("audit", "verify");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains($"Stream {stream} version 2", tampered.Output);
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_naming_it()
    {
        var run = await RunAsync("frobnicate");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'frobnicate' is not a command", run.All);
    }

    [Fact]
    public async Task Demo_seeding_rebuild_export_and_verify_show_their_progress_on_stderr_and_keep_stdout_for_their_result()
    {
        var demo = new TestDatabase();
        await demo.InitializeAsync();
        try
        {
            var seed = await RunOnAsync(demo.ConnectionString, new Dictionary<string, string> { ["PLANNER__DEMO__ENABLED"] = "true" }, "demo", "seed", "--missions", "2");
            Assert.True(seed.ExitCode == 0, seed.All);
            Assert.Matches(@"demo seed: 0 / (\d+) commands \(0%\)", seed.Errors); // nothing done yet: no time left to estimate
            var commands = Progress(seed.Errors, "demo seed", "commands");
            var steps = DemoData.Missions.Concat(DemoPortfolio.Missions(2)).Sum(m => m.Steps.Count)
                + DemoSeeder.ExerciseSteps(Guid.Empty, 0).Count;
            Assert.Equal(steps, commands);
            Assert.Contains("The demo data is in place.", seed.Output);
            Assert.Equal(["GEN-001", "GEN-002", "UNDMA", "UNMDM"], await AcronymsAsync(demo));
            Assert.Equal(steps, await demo.ScalarAsync<long>("select count(distinct headers ->> 'commandId') from planner.mt_events"));

            var events = await demo.ScalarAsync<long>("select count(*) from planner.mt_events");
            var verify = await RunOnAsync(demo.ConnectionString, new Dictionary<string, string>(), "audit", "verify");
            Assert.True(verify.ExitCode == 0, verify.All);
            Assert.Equal(events, Progress(verify.Errors, "audit verify", "events"));
            Assert.DoesNotContain("%", verify.Output);

            var rebuild = await RunOnAsync(demo.ConnectionString, new Dictionary<string, string>(), "views", "rebuild", "planning_views");
            Assert.True(rebuild.ExitCode == 0, rebuild.All);
            Assert.Equal(events, Progress(rebuild.Errors, "views rebuild planning_views", "events"));
            Assert.Contains("Rebuilt: planning_views", rebuild.Output);
            var status = await RunOnAsync(demo.ConnectionString, new Dictionary<string, string>(), "views", "status");
            Assert.True(status.ExitCode == 0, status.All);
            Assert.Contains("planning_views: caught up", status.Output);

            var strategyEvents = await demo.ScalarAsync<long>($"select count(*) from planner.mt_events where stream_id = '{DemoApp.StrategyId}'");
            var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.jsonl");
            try
            {
                var export = await RunOnAsync(demo.ConnectionString, new Dictionary<string, string>(), "audit", "export", DemoApp.StrategyId.ToString(), file);
                Assert.True(export.ExitCode == 0, export.All);
                Assert.Equal(strategyEvents, Progress(export.Errors, $"audit export {DemoApp.StrategyId}", "events"));
                Assert.Equal(strategyEvents + 1, File.ReadLines(file).Count());
            }
            finally
            {
                File.Delete(file);
            }
        }
        finally
        {
            await demo.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("501")]
    [InlineData("lots")]
    public async Task Demo_seeding_with_a_bad_number_of_generated_missions_is_refused_and_seeds_nothing(string missions)
    {
        var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            var run = await RunOnAsync(fresh.ConnectionString, new Dictionary<string, string> { ["PLANNER__DEMO__ENABLED"] = "true" }, "demo", "seed", "--missions", missions);

            Assert.True(run.ExitCode == 2, run.All);
            Assert.Contains("GeneratedMissions", run.Errors);
            Assert.DoesNotContain("   at ", run.Errors); // a message, not a stack trace
            Assert.True(await fresh.ScalarAsync<bool>("select to_regclass('planner.mt_events') is null"), "nothing was done, not even migrations");
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_verb_that_cannot_reach_the_database_says_so_and_exits_1_and_an_option_without_its_value_is_bad_usage()
    {
        var unreachable = await RunOnAsync("Host=127.0.0.1;Port=9;Username=nobody;Password=x;Database=none;Timeout=2",
            new Dictionary<string, string>(), "audit", "verify");
        var noValue = await RunOnAsync(database.ConnectionString, new Dictionary<string, string> { ["PLANNER__DEMO__ENABLED"] = "true" }, "demo", "seed", "--missions");

        Assert.True(unreachable.ExitCode == 1, unreachable.All);
        Assert.Contains("The database refused or could not be reached", unreachable.Errors);
        Assert.Contains("PLANNER__DATABASE", unreachable.Errors);
        Assert.DoesNotContain("   at ", unreachable.All);
        Assert.True(noValue.ExitCode == 1, noValue.All);
        Assert.Contains("No value specified for flag --missions.", noValue.Errors);
    }

    [Fact]
    public async Task Demo_seeding_is_refused_when_demo_mode_is_off()
    {
        var run = await RunAsync("demo", "seed");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Planner:Demo:Enabled", run.Errors);
    }

    [Fact]
    public async Task With_Planner_Logging_Json_the_log_lines_are_JSON_objects_with_their_category_and_message()
    {
        var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            var migrated = await RunOnAsync(fresh.ConnectionString, new Dictionary<string, string> { ["PLANNER__LOGGING__JSON"] = "true" }, "migrate");

            Assert.True(migrated.ExitCode == 0, migrated.All);
            var lines = migrated.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            var logged = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
            Assert.Contains(logged, line => line.GetProperty("Message").GetString()!.StartsWith("Applied the schema", StringComparison.Ordinal)
                                            && line.GetProperty("Category").GetString() == "ProtectionPlanner"
                                            && line.TryGetProperty("Timestamp", out _) && line.TryGetProperty("Scopes", out _));
            Assert.Equal("Schema is up to date.", migrated.Output.Trim());
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    private static async Task<List<string>> AcronymsAsync(TestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            "select data->>'acronym' from planner.mt_events where type = 'mission_registered' order by 1");
        await using var reader = await command.ExecuteReaderAsync();
        var acronyms = new List<string>();
        while (await reader.ReadAsync()) acronyms.Add(reader.GetString(0));
        return acronyms;
    }

    /// <summary>The count of the last progress line of <paramref name="what"/>, asserting that it is complete (100%).</summary>
    private static long Progress(string errors, string what, string unit)
    {
        var last = errors.Split('\n').Last(line => line.StartsWith($"{what}: ", StringComparison.Ordinal)).Trim();
        var match = System.Text.RegularExpressions.Regex.Match(last, $@"^{System.Text.RegularExpressions.Regex.Escape(what)}: (\d+) / (\d+) {unit} \((\d+)%, (\d+ min )?\d+ s\)$");
        Assert.True(match.Success, last);
        Assert.Equal(match.Groups[1].Value, match.Groups[2].Value);
        Assert.Equal("100", match.Groups[3].Value);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

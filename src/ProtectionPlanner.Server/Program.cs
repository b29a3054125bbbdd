using JasperFx;
using Spectre.Console;
using ProtectionPlanner.Server.Operations;

// One composition root for every verb, on the JasperFx command line that Marten and Wolverine bring: `serve` (the
// default) runs the web app; the others (`migrate`, `views`, `projections`, `db-apply`, `codegen`, `describe`,
// `audit`, `demo`, ...) share its configuration and services. See docs/operations.md.
var verb = args.FirstOrDefault() is { } first && !first.StartsWith('-') ? first : "serve";
var serving = verb is "serve" or "run";

var builder = WebApplication.CreateBuilder(args);
// JasperFx writes its own lines (the assemblies it searches for commands, tables, help) through Spectre.Console: to
// stderr with the logs, so that a verb's stdout is only its result (`audit export` writes the record there), and
// nowhere when the logs are JSON lines, which they would break.
if (!serving)
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(builder.Configuration.GetValue("Planner:Logging:Json", false) ? TextWriter.Null : Console.Error),
    });
builder.AddPlannerLogging(toStandardError: !serving);
builder.AddPlannerServices(runInBackground: serving);
builder.AddPlannerTelemetry();
var app = builder.Build();
app.UseRequestCorrelation(); // first, so that every line a request logs carries its correlation id
// Verbs that read no routes do not map them: Release builds resolve the endpoints' services (the store, its database)
// as they map them, which a verb like `audit verify-export` runs without.
if (serving || verb is "codegen" or "describe")
{
    app.MapPlannerEndpoints();
    app.MapMetricsEndpoint();
}

if (serving)
{
    // Settings come as --name value (or =value) and configuration; the test host passes its settings so too.
    try
    {
        await app.RunAsync();
    }
    catch (Microsoft.Extensions.Options.OptionsValidationException refused)
    {
        // Settings that cannot work (no identity provider in production, say): one line and exit 1, not a crash.
        Console.Error.WriteLine($"Not starting: {refused.Message}");
        return 1;
    }
    return 0;
}
var exit = await app.RunJasperFxCommands(args);
return exit != 0 && Environment.ExitCode > 1 ? Environment.ExitCode : exit;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

using ProtectionPlanner.Server.Operations;

// One composition root for every verb: `serve` (the default) runs the web app; the others are operator commands
// that share its configuration and services. See docs/operations.md.
var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
var options = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;

var builder = WebApplication.CreateBuilder(options);
builder.Configuration.AddCommandLine(options, CommandLine.Switches);
builder.AddPlannerLogging(toStandardError: verb != "serve");
builder.AddPlannerServices(runInBackground: verb == "serve");
builder.Services.AddSingleton<PlannerMetrics>();
builder.Services.AddSingleton<PrometheusExporter>();
var app = builder.Build();
app.UseRequestCorrelation(); // first, so that every line a request logs carries its correlation id
app.MapPlannerEndpoints();
app.MapMetricsEndpoint();

if (verb == "serve")
{
    await app.RunAsync();
    return 0;
}
return await CommandLine.RunAsync(verb, options, app.Services);

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

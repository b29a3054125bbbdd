using JasperFx.CodeGeneration;
using ProtectionPlanner.Server.Commands;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>Wolverine: the HTTP endpoints of commands, their middleware and the command workflow, and durable
/// scheduled messages (the exercise clock), stored in PostgreSQL through Marten.</summary>
public static class WolverineSetup
{
    public static void AddPlannerWolverine(this WebApplicationBuilder builder)
    {
        builder.Services.AddWolverineHttp();
        builder.Host.UseWolverine(options =>
        {
            // The host may be built from a test or benchmark assembly: endpoints and handlers live here.
            options.ApplicationAssembly = typeof(WolverineSetup).Assembly;
            options.CodeGeneration.Sources.Add(new RequestParameters());
#if DEBUG
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
#else
            // The code deploy/local/codegen.sh wrote: no Roslyn at start (a faster, smaller, safer process).
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
#endif
            // Its tables are created with Marten's (Operations/Migrations), so a node starts, and reports not ready,
            // while the database is away.
            options.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            options.Durability.Mode = DurabilityMode.Solo;
            // The exercise clock's scheduled releases survive a restart and are taken over by another node.
            options.Policies.UseDurableLocalQueues();
        });
    }

    public static void MapPlannerCommands(this WebApplication app) => app.MapWolverineEndpoints(http =>
    {
        http.AddParameterHandlingStrategy(new RequestParameters());
        http.AddPolicy<CommandWorkflow>();
    });
}

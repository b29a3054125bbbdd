using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Server.Document;
using ProtectionPlanner.Server.Exercises;
using ProtectionPlanner.Server.Live;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Operations;

/// <summary>Settings of the <c>Planner</c> configuration section (environment: <c>PLANNER__DATABASE</c>, ...).</summary>
public sealed class PlannerOptions
{
    /// <summary>Npgsql connection string of the database.</summary>
    public string Database { get; set; } = "";

    /// <summary>Largest request body accepted, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = 512 * 1024;
}

/// <summary>Wires the host's services: Marten, Wolverine, auth, migrations, read models, live views and health.</summary>
public static class Services
{
    public static void AddPlannerServices(this WebApplicationBuilder builder, bool runInBackground)
    {
        builder.Services.Configure<PlannerOptions>(builder.Configuration.GetSection("Planner"));
        builder.AddPlannerMarten();
        builder.AddPlannerWolverine();
        if (runInBackground) Migrations.StartAfter(builder.Services);
        builder.Services.AddPlannerReadModels();
        builder.Services.AddSingleton<Action<Marten.StoreOptions>>(services => options =>
            options.Listeners.Add(new CountedCommits(services.GetRequiredService<PlannerMetrics>())));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CommandSender>();
        builder.Services.AddSingleton<PlanHistory>();
        builder.Services.Configure<DocumentOptions>(builder.Configuration.GetSection("Planner:Document"));
        builder.Services.AddSingleton<ChromiumPdf>();

        builder.Services.AddPlannerAuthentication(builder.Configuration, builder.Environment, serves: runInBackground);
        builder.Services.AddPlannerRateLimits(builder.Configuration);
        builder.Services.AddExceptionHandler<Problems>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Refusals the framework writes itself (unknown route, wrong method, no token) get our stable types too.
            if (context.ProblemDetails.Type?.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal) is true)
                context.ProblemDetails.Type = context.ProblemDetails.Status switch
                {
                    401 => "/problems/unauthenticated",
                    404 => "/problems/not-found",
                    405 => "/problems/method-not-allowed",
                    415 => "/problems/unsupported-media-type",
                    _ => "/problems/bad-request",
                };
        });
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options => Strict(options.SerializerOptions));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue("Planner:MaxRequestBodyBytes", 512 * 1024));

        builder.Services.AddSingleton<SchemaState>();
        builder.Services.AddSingleton<Hosting.StreamTurns>();
        builder.Services.AddSingleton<DemoSeeder>();
        if (runInBackground)
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<DemoSeeder>());
            builder.Services.AddHostedService(services => services.GetRequiredService<LiveViews>());
            builder.Services.AddHostedService(services => services.GetRequiredService<Presence>());
        }
        builder.Services.AddSingleton<LiveViews>();
        builder.Services.AddSingleton<LiveAccess>();
        builder.Services.AddSingleton<ExerciseLive>();
        builder.Services.AddSingleton<MissionLive>();
        builder.Services.AddSingleton<Presence>();
        builder.Services.AddSingleton<HubCallFilter>();
        builder.Services.AddSignalR(hub => hub.AddFilter<HubCallFilter>()).AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHealthChecks().AddReadinessChecks();
        builder.Services.AddOpenApi(options =>
            options.AddDocumentTransformer<BearerSecurity>().AddDocumentTransformer<ClientSchemas>()
                .AddSchemaTransformer(ExactEnumNames.Describe));
    }

    public static void MapPlannerEndpoints(this WebApplication app)
    {
        app.UseSecurityHeaders(); // first: every response gets them, refusals included
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // ProblemDetails for bodiless refusals too: unknown routes (404), wrong methods (405)
        app.UseRequestBodyLimit();
        app.UseKnownCharset();
        app.UseDefaultFiles(); // the web UI (ClientApp, built into wwwroot): public files; it signs in itself
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication (commands count per user), before anything reads the request
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAccessEndpoints(demo: app.Configuration.GetValue<bool>("Planner:Demo:Enabled"));
        app.MapMissionQueries();
        app.MapPlannerCommands();
        app.MapStrategyQueries();
        app.MapCapacityQuery();
        app.MapLiveEndpoints();
        app.MapAuditEndpoints();
        app.MapHistoryEndpoints();
        app.MapRecordEndpoints();
        app.MapVersionDigest();
        app.MapDownloadDocument();
        app.MapExerciseQueries();
        app.MapMyExercises();
        app.MapDownloadReport();
    }

    /// <summary>
    /// Request bodies are read strictly: enums by exact name only, no null where a value is required, no missing
    /// constructor parameters, no text with U+0000. A body that breaks these is a 400 naming the field, and appends nothing.
    /// </summary>
    private static void Strict(System.Text.Json.JsonSerializerOptions options)
    {
        options.Converters.Add(new ExactEnumNames());
        TextWithoutNul.Refuse(options);
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
    }
}

using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;

namespace ProtectionPlanner.Server.Operations;

/// <summary>Settings of the <c>Planner</c> configuration section (environment: <c>PLANNER__DATABASE</c>, ...).</summary>
public sealed class PlannerOptions
{
    /// <summary>Npgsql connection string of the database.</summary>
    public string Database { get; set; } = "";
}

/// <summary>Wires the host's services: database, event store, migrations, projections and health.</summary>
public static class Services
{
    public static void AddPlannerServices(this WebApplicationBuilder builder, bool runInBackground)
    {
        builder.Services.Configure<PlannerOptions>(builder.Configuration.GetSection("Planner"));
        builder.Services.AddSingleton(services => DataSource(services.GetRequiredService<IOptions<PlannerOptions>>().Value));
        builder.Services.AddSingleton(EventTypes.Registry());
        builder.Services.AddSingleton(services => new EventStore.EventStore(
            services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<EventTypeRegistry>(),
            logger: services.GetRequiredService<ILogger<EventStore.EventStore>>()));
        builder.Services.AddSingleton<IProjection, StreamHeadsLedger>();

        builder.Services.AddSingleton<SchemaState>();
        if (runInBackground)
        {
            builder.Services.AddHostedService<Migrations>();
            builder.Services.AddHostedService<ProjectionHost>();
        }
        builder.Services.AddHealthChecks().AddCheck<Readiness>("database", tags: ["ready"]);
        builder.Services.AddOpenApi();
    }

    private static NpgsqlDataSource DataSource(PlannerOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Database))
            throw new InvalidOperationException(
                "No database configured: set Planner:Database (environment PLANNER__DATABASE) to an Npgsql connection string.");
        var connection = new NpgsqlConnectionStringBuilder(settings.Database);
        if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 50;
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }

    public static void MapPlannerEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
    }
}

/// <summary>The stored names of every event type the planner writes.</summary>
public static class EventTypes
{
    public static EventTypeRegistry Registry() => new();
}

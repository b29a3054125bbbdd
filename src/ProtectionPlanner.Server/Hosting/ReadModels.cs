using System.Text.Json;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Server.Exercises;
using ProtectionPlanner.Server.Live;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// The read side on Marten: the read models as async projections under the daemon (HotCold: one node runs each), their
/// tables and presence's as schema objects of the store, the listener that tells this node of their commits, and the
/// daemon woken by each commit of events (<see cref="DaemonWakeup"/>).
/// </summary>
public static class ReadModels
{
    /// <summary>Registers the read models and configures the store with them (through MartenSetup's hook).</summary>
    public static IServiceCollection AddPlannerReadModels(this IServiceCollection services)
    {
        services.AddSingleton<ReadModelCommits>();
        services.AddSingleton(provider => new PlanningViews(Serializer(provider)));
        services.AddSingleton(provider => new ExerciseCatalog(Serializer(provider)));
        services.AddSingleton<ReadModelProjection>(provider => provider.GetRequiredService<PlanningViews>());
        services.AddSingleton<ReadModelProjection>(provider => provider.GetRequiredService<ExerciseCatalog>());
        services.AddSingleton<Action<StoreOptions>>(provider => options =>
        {
            var commits = provider.GetRequiredService<ReadModelCommits>();
            Configure(options, provider.GetServices<ReadModelProjection>(), commits);
            DaemonWakeup.Configure(options, provider.GetRequiredService<NpgsqlDataSource>(),
                provider.GetRequiredService<ILogger<DaemonWakeup>>());
        });
        return services;
    }

    /// <summary>The store's read side, for the app and for tests and verbs that build a store of their own.</summary>
    public static void Configure(
        StoreOptions options, IEnumerable<ReadModelProjection> readModels, ReadModelCommits commits)
    {
        foreach (var readModel in readModels)
        {
            options.Projections.Add(readModel, ProjectionLifecycle.Async);
            foreach (var table in readModel.Tables) options.Storage.ExtendedSchemaObjects.Add(table);
        }
        foreach (var schemaObject in ReadModelTables.Presence())
            options.Storage.ExtendedSchemaObjects.Add(schemaObject);
        options.Projections.AsyncListeners.Add(commits);
        // Each shard's state (running, paused by a failure, on which node) in its progression row, for any node's
        // health check to read.
        options.Events.EnableExtendedProgressionTracking = true;
    }

    /// <summary>The read models serialise as the API does, so what they store is what the queries return.</summary>
    private static JsonSerializerOptions Serializer(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
}

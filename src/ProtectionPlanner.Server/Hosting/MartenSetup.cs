using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Server.Operations;
using Weasel.Core;
using Wolverine.Marten;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>The event store and documents: Marten on the planner's PostgreSQL database, in schema <c>planner</c>.</summary>
public static class MartenSetup
{
    public const string Schema = "planner";

    /// <summary>The name Marten records as the type of a stream whose aggregate is <typeparamref name="T"/>.</summary>
    public static string StreamType<T>() => JasperFx.Core.StringExtensions.ToTableAlias(typeof(T).Name);

    public static void AddPlannerMarten(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services => DataSource(services.GetRequiredService<IOptions<PlannerOptions>>().Value));
        var projections = builder.Configuration.GetValue("Planner:Projections:Enabled", true);
        builder.Services.AddMarten(services =>
            {
                var options = new StoreOptions();
                Configure(options);
                foreach (var configure in services.GetServices<Action<StoreOptions>>()) configure(options);
                return options;
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            // One node runs each projection at a time (leader election on an advisory lock); any node takes over.
            .AddAsyncDaemon(projections ? DaemonMode.HotCold : DaemonMode.Disabled);
    }

    /// <summary>The store's configuration, shared by the app, its verbs and the tests that build a store of their own.</summary>
    public static void Configure(StoreOptions options)
    {
        options.DatabaseSchemaName = Schema;
        options.Events.DatabaseSchemaName = Schema;
        // Schema changes are applied by the app at start (Operations/Migrations) or `db-apply`, never half-way
        // through a request.
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.UseSystemTextJsonForSerialization(EventTypes.SerializerOptions(), EnumStorage.AsString, Casing.CamelCase);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Event times come from this process (and are hashed by it: Audit/HashChain), not from the database clock.
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        options.Events.MetadataConfig.EnableAll();
        options.Events.MetadataConfig.UserNameEnabled = true;
        // A projection that throws on one event records it as a dead letter and goes on with the others.
        options.Projections.Errors.SkipApplyErrors = true;
        options.Projections.RebuildErrors.SkipApplyErrors = true;
        // A traced command's session as one span around its statements (none while no trace is recorded).
        options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
        options.Schema.For<Commands.IdempotencyRecord>();
        EventTypes.Register(options);
        Aggregates.Register(options);
        Audit.HashChain.Register(options);
        Audit.TimeTravel.Register(options);
    }

    private static NpgsqlDataSource DataSource(PlannerOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Database))
            throw new InvalidOperationException(
                "No database configured: set Planner:Database (environment PLANNER__DATABASE) to an Npgsql connection string.");
        var connection = new NpgsqlConnectionStringBuilder(settings.Database);
        if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 50;
        // Npgsql would otherwise reset every pooled connection on reuse (RESET ALL, pg_advisory_unlock_all(), ...): a
        // quarter of the database's work under command load. Nothing here leaves session state behind.
        connection.NoResetOnClose = true;
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        // Every statement here is a short OLTP one; PostgreSQL's JIT compiled some batch statements for 10-20 ms from
        // their row estimates alone. Off for the app's sessions, once per physical connection. Snapshots and views
        // are tens of kilobytes of JSON rewritten at each batch: lz4 compresses them in a third of pglz's time.
        builder.UsePhysicalConnectionInitializer(
            connection =>
            {
                using var settings = new NpgsqlCommand(SessionSettings, connection);
                settings.ExecuteNonQuery();
            },
            async connection =>
            {
                await using var settings = new NpgsqlCommand(SessionSettings, connection);
                await settings.ExecuteNonQueryAsync();
            });
        return builder.Build();
    }

    private const string SessionSettings = "set jit = off; set default_toast_compression = lz4";
}

using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// The operator verbs. Exit codes: 0 done, 1 found a problem, 2 bad usage. Long work (rebuild, export, verify, demo
/// seeding) shows progress on stderr, at most a line a second; stdout keeps the result.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        usage: ProtectionPlanner.Server [verb] [--Planner:Database=<connection string>]
          serve                          run the web app (default)
          migrate                        apply pending schema migrations and exit
          projections status             show each projection's position, lag, owner and failures
          projections rebuild <name>     rebuild a projection into fresh tables and swap it in
          audit verify                   check every stream's hash chain; exit 1 on any violation
          audit export <stream id> [file] write a stream's record as JSON lines (to stdout without a file)
          audit verify-export <file>     check an exported record offline (no database); exit 1 on any change
          demo seed [--missions N]       seed the demo data, and N generated missions for a large demo, and exit
                                         (needs Planner:Demo:Enabled=true; --missions sets Planner:Demo:GeneratedMissions)
        """;

    /// <summary>Short options, each a name for a setting.</summary>
    public static readonly Dictionary<string, string> Switches = new() { ["--missions"] = "Planner:Demo:GeneratedMissions" };

    public static async Task<int> RunAsync(string verb, string[] args, IServiceProvider services)
    {
        if (args is [.., var last] && last.StartsWith("--", StringComparison.Ordinal) && !last.Contains('='))
        {
            Console.Error.WriteLine($"{last} needs a value.\n{Usage}");
            return 2;
        }
        try
        {
            return await RunVerbAsync(verb, args, services);
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"The database refused or could not be reached: {e.Message}\n" +
                                    "Check Planner:Database (PLANNER__DATABASE) and that PostgreSQL is running.");
            return 1;
        }
    }

    private static async Task<int> RunVerbAsync(string verb, string[] args, IServiceProvider services)
    {
        var positional = args.TakeWhile(arg => !arg.StartsWith('-')).ToArray(); // options (settings) follow the verb's words
        if ((verb, positional) is ("audit", ["verify-export", var file])) return Audit.AuditCommand.VerifyExport(file);
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var store = services.GetRequiredService<EventStore.EventStore>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ProtectionPlanner");
        switch (verb, positional)
        {
            case ("migrate", []):
                await PlannerSchema.MigrateAsync(dataSource, logger);
                Console.WriteLine("Schema is up to date.");
                return 0;
            case ("projections", ["status"]):
                foreach (var status in await ProjectionControl.GetStatusAsync(dataSource))
                {
                    Console.WriteLine($"{status.Name,-32} v{status.Version} {status.State,-8} position {status.Position} lag {status.LagEvents} events / {status.LagSeconds:0.0} s owner {status.Owner ?? "-"}{(status.Rebuild is null ? "" : $" rebuild {status.Rebuild} at {status.RebuildPosition}")}");
                    if (status.Failure is { } failure)
                        Console.WriteLine($"    failed at {failure.Position} ({failure.Type}, stream {failure.StreamId} v{failure.Version}): {failure.Error.Split('\n')[0]}");
                }
                return 0;
            case ("projections", ["rebuild", var name]):
                return await RebuildAsync(store, services.GetServices<IProjection>(), name);
            case ("audit", ["verify"]):
                return await Audit.AuditCommand.VerifyAsync(dataSource, Hosting.MartenSetup.Schema);
            case ("audit", ["export", var id, .. var output]) when Guid.TryParse(id, out var streamId) && output.Length <= 1:
                return await Audit.AuditCommand.ExportAsync(dataSource, Hosting.MartenSetup.Schema, streamId, output.FirstOrDefault() ?? "");
            case ("demo", ["seed"]):
                Auth.DemoOptions demo;
                try
                {
                    demo = services.GetRequiredService<IOptions<Auth.DemoOptions>>().Value;
                }
                catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
                {
                    Console.Error.WriteLine(e.Message); // a setting that is not a number, or out of range
                    return 2;
                }
                if (!demo.Enabled)
                {
                    Console.Error.WriteLine("Demo mode is off: set Planner:Demo:Enabled=true (PLANNER__DEMO__ENABLED) to seed the demo data.");
                    return 2;
                }
                await PlannerSchema.MigrateAsync(dataSource, logger);
                await services.GetRequiredService<Demo.DemoSeeder>().SeedAsync(ProgressLine.ToStandardError("demo seed", "commands"), CancellationToken.None);
                Console.WriteLine("The demo data is in place.");
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>
    /// Asks the node running the projection to rebuild it, and follows the progress. A daemon for that projection runs
    /// here meanwhile: it gets the projection's lock, and does the rebuild, only when no other node runs it.
    /// </summary>
    private static async Task<int> RebuildAsync(EventStore.EventStore store, IEnumerable<IProjection> projections, string name)
    {
        var projection = projections.SingleOrDefault(p => p.Name == name);
        if (projection is null)
        {
            Console.Error.WriteLine($"No projection named '{name}'. Known: {string.Join(", ", projections.Select(p => p.Name))}.");
            return 1;
        }
        await PlannerSchema.MigrateAsync(store.DataSource);
        await using var daemon = new ProjectionDaemon(store, [projection]);
        await daemon.StartAsync();
        // A projection no node ever ran is registered by the local daemon first.
        while (!await ProjectionControl.RequestRebuildAsync(store.DataSource, name)) await Task.Delay(200);
        Console.WriteLine($"Rebuild of {name} requested: it is rebuilt into fresh tables and swapped in when caught up.");
        var progress = ProgressLine.ToStandardError($"projections rebuild {name}", "events");
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var status = (await ProjectionControl.GetStatusAsync(store.DataSource)).Single(s => s.Name == name);
            switch (status.Rebuild)
            {
                case null:
                    var (_, total) = await EventsUpToAsync(store.DataSource, status.Position);
                    progress.Report(total, total);
                    Console.WriteLine($"Rebuilt: {name} is at position {status.Position}.");
                    return 0;
                case "failed":
                    Console.Error.WriteLine($"Rebuild failed at {status.Failure?.Position}: {status.Failure?.Error.Split('\n')[0]}");
                    return 1;
                default:
                    var (done, all) = await EventsUpToAsync(store.DataSource, status.RebuildPosition ?? 0);
                    progress.Report(Math.Min(done, Math.Max(0, all - 1)), all); // 100% only once swapped in
                    break;
            }
        }
    }

    /// <summary>The events at or before a feed position, and all events: how far a rebuild has come.</summary>
    private static async Task<(long Done, long Total)> EventsUpToAsync(NpgsqlDataSource dataSource, long position)
    {
        await using var count = dataSource.CreateCommand("select count(*) filter (where position <= @position), count(*) from eventstore.events");
        count.Parameters.AddWithValue("position", position);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

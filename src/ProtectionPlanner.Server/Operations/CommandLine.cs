using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;

namespace ProtectionPlanner.Server.Operations;

/// <summary>The operator verbs. Exit codes: 0 done, 1 found a problem, 2 bad usage.</summary>
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
        """;

    public static async Task<int> RunAsync(string verb, string[] args, IServiceProvider services)
    {
        var positional = args.Where(arg => !arg.StartsWith('-')).ToArray();
        if ((verb, positional) is ("audit", ["verify-export", var file])) return VerifyExport(file);
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
                var report = await store.VerifyAsync();
                foreach (var violation in report.Violations) Console.WriteLine($"{violation.Problem}: {violation.Description}");
                Console.WriteLine(report.IsIntact
                    ? $"Intact: {report.EventsChecked} events in {report.StreamsChecked} streams match their hash chains."
                    : $"{report.Violations.Count} violation(s) in {report.EventsChecked} events of {report.StreamsChecked} streams.");
                return report.IsIntact ? 0 : 1;
            case ("audit", ["export", var id, .. var output]) when Guid.TryParse(id, out var streamId) && output.Length <= 1:
                await using (var writer = output.Length == 0 ? Console.Out : new StreamWriter(output[0]))
                {
                    var count = await Audit.RecordEndpoints.WriteExportAsync(store, streamId, TimeProvider.System, writer.WriteLineAsync, CancellationToken.None);
                    if (output.Length == 1) Console.WriteLine($"Exported {count} events of stream {streamId} to {output[0]}.");
                    return count > 0 ? 0 : 1;
                }
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>Checks an exported record without a database.</summary>
    private static int VerifyExport(string file)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"No file {file}.");
            return 2;
        }
        var problems = EventStore.RecordExport.Verify(File.ReadLines(file));
        foreach (var problem in problems) Console.WriteLine($"line {problem.Line}{(problem.Version is { } v ? $" (version {v})" : "")}: {problem.Description}");
        Console.WriteLine(problems.Count == 0 ? $"Intact: {file} is the record as exported." : $"{problems.Count} problem(s) in {file}.");
        return problems.Count == 0 ? 0 : 1;
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
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var status = (await ProjectionControl.GetStatusAsync(store.DataSource)).Single(s => s.Name == name);
            switch (status.Rebuild)
            {
                case null:
                    Console.WriteLine($"Rebuilt: {name} is at position {status.Position}.");
                    return 0;
                case "failed":
                    Console.Error.WriteLine($"Rebuild failed at {status.Failure?.Position}: {status.Failure?.Error.Split('\n')[0]}");
                    return 1;
                default:
                    Console.WriteLine($"  {status.Rebuild}: position {status.RebuildPosition ?? 0} of {status.Position + status.LagEvents} (on {status.Owner})");
                    break;
            }
        }
    }
}

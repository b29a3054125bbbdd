using JasperFx.CommandLine;
using Marten;
using Npgsql;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Operations;

/// <summary>The arguments of <c>views</c>: what to do, and to which read model.</summary>
public sealed class ViewsInput : NetCoreInput
{
    [Description("status (each projection's progress and dead letters) or rebuild (a read model, aside, swapped)")]
    public string Action { get; set; } = "";

    [Description("rebuild: the read model (planning_views, exercise_catalog)")]
    public string Name { get; set; } = "";
}

/// <summary>
/// <c>views status</c> and <c>views rebuild NAME</c>. The read models are rebuilt aside and swapped in
/// (<see cref="ReadModelRebuild"/>), so readers never see them empty, which Marten's <c>projections rebuild</c> would
/// not do for them (it tears a projection's data down first); that verb stays for Marten's own projections.
/// </summary>
[Description("Show the projections' progress and dead letters, or rebuild a read model without emptying it",
    Name = "views")]
public sealed class ViewsCommand : JasperFxAsyncCommand<ViewsInput>
{
    public ViewsCommand()
    {
        Usage("status: each projection's progress and dead letters; exit 1 when one is paused")
            .Arguments(x => x.Action);
        Usage("rebuild NAME: rebuild a read model aside and swap it in").Arguments(x => x.Action, x => x.Name);
    }

    public override async Task<bool> Execute(ViewsInput input)
    {
        switch (input.Action, input.Name)
        {
            case ("status", ""):
                using (var host = input.BuildHost())
                    return await Verbs.WithDatabaseAsync(host, StatusAsync);
            case ("rebuild", { Length: > 0 } name):
                using (var host = input.BuildHost())
                    return await Verbs.WithDatabaseAsync(host, services => RebuildAsync(services, name));
            default:
                return Verbs.BadUsage("usage: views status | views rebuild <planning_views|exercise_catalog>");
        }
    }

    private static async Task<int> StatusAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var progress = await ProjectionProgress.ReadAsync(
            store, services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
        var deadLetters = await ProjectionsCheck.DeadLettersAsync(store, CancellationToken.None);
        foreach (var p in progress)
        {
            var state = p.Paused ? $"paused at event {p.FailedAt} ({p.FailureType}): {p.Reason}"
                : p.LagEvents == 0 ? "caught up"
                : $"{p.LagEvents} events behind, the oldest for {p.LagSeconds:0} s";
            Console.WriteLine($"{p.Name}: {state}{(deadLetters.TryGetValue(p.Name, out var d) ? $"; {d}" : "")}");
        }
        return progress.Any(p => p.Paused) ? 1 : 0;
    }

    private static async Task<int> RebuildAsync(IServiceProvider services, string name)
    {
        await Migrations.ApplyAsync(services, CancellationToken.None);
        var line = ProgressLine.ToStandardError($"views rebuild {name}", "events");
        var progress = line.As<(long Done, long Total)>(p => p);
        if (!await ReadModelRebuild.RunAsync(services, name, progress, CancellationToken.None))
        {
            var names = string.Join(", ", services.GetServices<ReadModelProjection>().Select(p => p.Name));
            Console.Error.WriteLine($"No read model is named '{name}': {names}.");
            return Verbs.BadUsageCode;
        }
        Console.WriteLine($"Rebuilt: {name}");
        return 0;
    }
}

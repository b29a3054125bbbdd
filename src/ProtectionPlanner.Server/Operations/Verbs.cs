using JasperFx;
using JasperFx.CommandLine;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ProtectionPlanner.Server.Operations;

/// <summary>
/// Brings the schema up to date (Marten's tables, Wolverine's message storage, the app's read models) and exits; the
/// app does the same at start, so this is for deployments that migrate in a step of their own, and after a restore.
/// </summary>
[Description("Apply the schema (Marten, Wolverine, read models) and exit", Name = "migrate")]
public sealed class MigrateCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        return await Verbs.WithDatabaseAsync(host, async services =>
        {
            await Migrations.ApplyAsync(services, CancellationToken.None);
            Console.WriteLine("Schema is up to date.");
            return 0;
        });
    }
}

public sealed class DemoInput : NetCoreInput
{
    [Description("seed: the demo missions, their users' history and the demo exercise")]
    public string Action { get; set; } = "";

    [Description("Generated missions seeded after the demo ones, for a large demo (Planner:Demo:GeneratedMissions)")]
    [FlagAlias("missions")]
    public string? MissionsFlag { get; set; }
}

/// <summary><c>demo seed [--missions N]</c>: seeds the demo data (demo mode only) and exits.</summary>
[Description("Seed the demo data and exit (needs Planner:Demo:Enabled=true)", Name = "demo")]
public sealed class DemoCommand : JasperFxAsyncCommand<DemoInput>
{
    public DemoCommand() => Usage("seed the demo missions, and N generated ones with --missions N").Arguments(x => x.Action);

    public override async Task<bool> Execute(DemoInput input)
    {
        if (input.Action != "seed") return Verbs.BadUsage("usage: demo seed [--missions N]");
        int? generated = null;
        if (input.MissionsFlag is { } missions)
        {
            if (!int.TryParse(missions, System.Globalization.CultureInfo.InvariantCulture, out var count)
                || count is < 0 or > Auth.DemoOptions.MaxGeneratedMissions)
                return Verbs.BadUsage($"--missions must be a whole number from 0 to {Auth.DemoOptions.MaxGeneratedMissions} "
                    + $"(Planner:Demo:GeneratedMissions), not '{missions}'.");
            generated = count;
        }
        using var host = input.BuildHost();
        Auth.DemoOptions demo;
        try
        {
            demo = host.Services.GetRequiredService<IOptions<Auth.DemoOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            return Verbs.BadUsage(e.Message); // out of range
        }
        if (!demo.Enabled)
            return Verbs.BadUsage("Demo mode is off: set Planner:Demo:Enabled=true (PLANNER__DEMO__ENABLED) to seed the demo data.");
        return await Verbs.WithDatabaseAsync(host, async services =>
        {
            await Migrations.ApplyAsync(services, CancellationToken.None);
            // Started: commands go through Wolverine (an exercise's clock is scheduled with its messages).
            await host.StartAsync();
            await services.GetRequiredService<Demo.DemoSeeder>().SeedAsync(
                ProgressLine.ToStandardError("demo seed", "commands"), CancellationToken.None, generated);
            await host.StopAsync();
            Console.WriteLine("The demo data is in place.");
            return 0;
        });
    }
}

/// <summary>What the planner's verbs share: exit codes (0 done, 1 a problem found or the database away, 2 bad usage,
/// set as <see cref="Environment.ExitCode"/> since JasperFx itself knows only success and failure) and the database.</summary>
public static class Verbs
{
    public const int BadUsageCode = 2;

    public static bool BadUsage(string usage)
    {
        Console.Error.WriteLine(usage);
        return Exit(BadUsageCode);
    }

    public static bool Exit(int code)
    {
        if (code > 1) Environment.ExitCode = code;
        return code == 0;
    }

    /// <summary>Runs a verb on the app's services; a database that cannot be reached is said in a line, not a trace.</summary>
    public static async Task<bool> WithDatabaseAsync(IHost host, Func<IServiceProvider, Task<int>> verb)
    {
        try
        {
            return Exit(await verb(host.Services));
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"The database refused or could not be reached: {e.Message}\n" +
                                    "Check Planner:Database (PLANNER__DATABASE) and that PostgreSQL is running.");
            return false;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("No database configured", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}

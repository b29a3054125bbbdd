using JasperFx.CommandLine;
using Marten;
using Npgsql;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Audit;

/// <summary>The arguments of <c>audit</c>: what to do, and the stream or file it is done to.</summary>
public sealed class AuditInput : NetCoreInput
{
    [Description("verify (every stream's hash chain), export (a stream's record) or verify-export (a file, offline)")]
    public string Action { get; set; } = "";

    [Description("export: the stream's id; verify-export: the exported file")]
    public string Subject { get; set; } = "";

    [Description("export: the file to write (stdout without it)")]
    public string File { get; set; } = "";
}

/// <summary>
/// The audit verbs on the JasperFx command line: <c>audit verify</c>, <c>audit export STREAM_ID [FILE]</c>,
/// <c>audit verify-export FILE</c>. Exit codes: 0 done and intact, 1 a violation, a problem or an unreachable
/// database, 2 bad usage (set as <see cref="Environment.ExitCode"/>, as JasperFx itself knows only success and
/// failure). Progress goes to stderr, at most a line a second; stdout keeps the result.
/// </summary>
[Description("Check the record's hash chains, export a stream's record, or check an export offline", Name = "audit")]
public sealed class AuditCommand : JasperFxAsyncCommand<AuditInput>
{
    public const int BadUsage = 2;

    public AuditCommand()
    {
        Usage("verify: check every stream's hash chain; exit 1 on any violation").Arguments(x => x.Action);
        Usage("export STREAM_ID: a stream's record as JSON lines on stdout; verify-export FILE: check an export " +
              "offline").Arguments(x => x.Action, x => x.Subject);
        Usage("export STREAM_ID FILE: a stream's record as JSON lines into FILE")
            .Arguments(x => x.Action, x => x.Subject, x => x.File);
    }

    public override async Task<bool> Execute(AuditInput input)
    {
        switch (input.Action, input.Subject, input.File)
        {
            case ("verify-export", { Length: > 0 } file, ""):
                // Offline: no host, no configuration, no database.
                return Exit(VerifyExport(file));
            case ("verify", "", ""):
                return await WithDatabaseAsync(input, VerifyAsync);
            case ("export", var id, var file) when Guid.TryParse(id, out var streamId):
                return await WithDatabaseAsync(input,
                    (dataSource, schema) => ExportAsync(dataSource, schema, streamId, file));
            default:
                Console.Error.WriteLine(
                    "usage: audit verify | audit export <stream id> [file] | audit verify-export <file>");
                return Exit(BadUsage);
        }
    }

    /// <summary>Every stream's chain; prints each violation and a summary line.</summary>
    public static async Task<int> VerifyAsync(NpgsqlDataSource dataSource, string schema)
    {
        var verifying = ProgressLine.ToStandardError("audit verify", "events");
        var report = await RecordVerification.VerifyAsync(dataSource, schema,
            progress: verifying.As<IntegrityProgress>(p => (p.EventsChecked, p.EventsTotal)));
        foreach (var violation in report.Violations)
            Console.WriteLine($"{violation.Problem}: {violation.Description}");
        Console.WriteLine(report.IsIntact
            ? $"Intact: {report.EventsChecked} events in {report.StreamsChecked} streams match their hash chains."
            : $"{report.Violations.Count} violation(s) in {report.EventsChecked} events of {report.StreamsChecked} " +
              "streams.");
        return report.IsIntact ? 0 : 1;
    }

    /// <summary>A stream's record into a file, or to stdout when <paramref name="file"/> is empty.</summary>
    public static async Task<int> ExportAsync(NpgsqlDataSource dataSource, string schema, Guid streamId, string file)
    {
        await using var count = dataSource.CreateCommand(
            $"select count(*) from {schema}.mt_events where stream_id = @stream");
        count.Parameters.AddWithValue("stream", streamId);
        var total = (long)(await count.ExecuteScalarAsync())!;
        await using var writer = file.Length == 0 ? Console.Out : new StreamWriter(file);
        var exporting = ProgressLine.ToStandardError($"audit export {streamId}", "events");
        long lines = 0;
        var events = await RecordExport.WriteAsync(dataSource, schema, streamId, TimeProvider.System, async line =>
        {
            await writer.WriteLineAsync(line);
            exporting.Report(Math.Min(++lines, total), total); // the head line comes last, after the events
        }, CancellationToken.None);
        if (file.Length > 0) Console.WriteLine($"Exported {events} events of stream {streamId} to {file}.");
        return events > 0 ? 0 : 1;
    }

    /// <summary>Checks an exported record without a database.</summary>
    public static int VerifyExport(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            Console.Error.WriteLine($"No file {file}.");
            return BadUsage;
        }
        var problems = RecordExport.Verify(System.IO.File.ReadLines(file));
        foreach (var problem in problems)
            Console.WriteLine(
                $"line {problem.Line}{(problem.Version is { } v ? $" (version {v})" : "")}: {problem.Description}");
        Console.WriteLine(problems.Count == 0
            ? $"Intact: {file} is the record as exported."
            : $"{problems.Count} problem(s) in {file}.");
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs a verb on the app's database, saying so plainly when it cannot be reached.</summary>
    private static async Task<bool> WithDatabaseAsync(AuditInput input, Func<NpgsqlDataSource, string, Task<int>> verb)
    {
        using var host = input.BuildHost();
        try
        {
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            var schema = host.Services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName;
            return Exit(await verb(dataSource, schema));
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"The database refused or could not be reached: {e.Message}\n" +
                                    "Check Planner:Database (PLANNER__DATABASE) and that PostgreSQL is running.");
            return false;
        }
        catch (InvalidOperationException e)
            when (e.Message.StartsWith("No database configured", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }

    /// <summary>JasperFx's success or failure, keeping a bad usage's own exit code for the process.</summary>
    private static bool Exit(int exitCode)
    {
        if (exitCode == BadUsage) Environment.ExitCode = BadUsage;
        return exitCode == 0;
    }
}

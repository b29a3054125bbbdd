using Npgsql;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>
/// The exercise clock of this node: a few times a second it asks the exercise catalog which running exercises have an
/// inject due and releases them. Every node runs one; the domain releases an inject only once and appends check the
/// stream's version, so racing nodes, and a node catching up after a restart, release each inject exactly once.
/// </summary>
public sealed class ExerciseClockService(NpgsqlDataSource dataSource, CommandPipeline pipeline, SchemaState schema, ILogger<ExerciseClockService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private static readonly Actor Clock = new("exercise-clock", new HashSet<Domain.Common.Role>());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schema.Migrated.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(Tick);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    foreach (var exerciseId in await DueAsync(stoppingToken))
                        await pipeline.SendToExerciseAsync(Clock, new ReleaseDueInjects(exerciseId), new CommandOptions(), stoppingToken, byClock: true);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
                {
                    // The projection daemon has not created the exercise catalog yet (first start): nothing can be due.
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException or Domain.Common.DomainException)
                {
                    logger.LogWarning("The exercise clock could not release injects ({Error}); it tries again", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<IReadOnlyList<Guid>> DueAsync(CancellationToken ct)
    {
        await using var query = dataSource.CreateCommand("select exercise_id from read_models.exercises where next_due_at <= now() order by next_due_at limit 100");
        var due = new List<Guid>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) due.Add(reader.GetGuid(0));
        return due;
    }
}

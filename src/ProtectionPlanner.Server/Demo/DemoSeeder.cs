using Marten;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Operations;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Demo;

/// <summary>
/// In demo mode, replays the demo missions through the command workflow, as their users, once: a mission that exists
/// already is left alone, so restarts and several nodes seed nothing twice.
/// </summary>
public sealed class DemoSeeder(
    CommandSender sender, IDocumentStore store, SchemaState schema, IOptions<DemoOptions> demo, ILogger<DemoSeeder> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);
    private readonly TaskCompletionSource seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the demo data is in place (at once when demo mode is off).</summary>
    public Task Seeded => seeded.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Value.Enabled)
        {
            seeded.TrySetResult();
            return;
        }
        try
        {
            await schema.Migrated.WaitAsync(stoppingToken);
            var progress = new ProgressLine("Seeding demo data", "commands",
                line => logger.LogInformation("{Progress}", line));
            // Seeding is idempotent (each step has its key), so a database outage midway only delays it.
            for (var delay = TimeSpan.FromSeconds(1); ; delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2)
            {
                try
                {
                    await SeedAsync(progress, stoppingToken);
                    break;
                }
                catch (Exception e) when (DatabaseFault.IsUnavailable(e) && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Database not reachable while seeding demo data ({Error}); retrying", e.Message);
                    await Task.Delay(delay, stoppingToken);
                }
            }
            seeded.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            seeded.TrySetCanceled(stoppingToken);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Seeding the demo data failed");
            seeded.TrySetException(e);
        }
    }

    /// <summary>
    /// Seeds the demo missions and the exercise, then the generated missions of a large demo (at start-up in demo mode,
    /// and the verb <c>demo seed</c>), reporting the commands replayed or found committed to <paramref name="progress"/>.
    /// </summary>
    public async Task SeedAsync(
        ProgressLine progress, CancellationToken cancellationToken, int? generatedMissions = null)
    {
        var portfolio = DemoPortfolio.Missions(generatedMissions ?? demo.Value.GeneratedMissions);
        // The exercise's steps depend on the strategy's version only in their content, not in their number.
        var total = DemoData.Missions.Concat(portfolio).Sum(m => m.Steps.Count) + ExerciseSteps(Guid.Empty, 0).Count;
        var done = 0;
        progress.Report(done, total);
        void StepDone()
        {
            done++;
            progress.Report(done, total);
        }
        async Task SeedMissionsAsync(IEnumerable<DemoMission> missions)
        {
            foreach (var mission in missions)
            {
                var before = done;
                await SeedAsync(mission, StepDone, cancellationToken);
                done = before + mission.Steps.Count; // a mission in place already counts as done
                progress.Report(done, total);
            }
        }
        await SeedMissionsAsync(DemoData.Missions);
        await SeedExerciseAsync(StepDone, cancellationToken);
        await SeedMissionsAsync(portfolio);
        progress.Report(total, total);
    }

    /// <summary>
    /// Replays a mission's steps, each with an idempotency key of its own: a seed interrupted half-way resumes where it
    /// stopped (committed steps are recognised as repeats), and a mission whose last step is committed is skipped.
    /// </summary>
    private async Task SeedAsync(DemoMission mission, Action stepDone, CancellationToken cancellationToken)
    {
        if (await ReplayAsync(mission.Steps, mission.Acronym, stepDone, cancellationToken))
            logger.LogInformation("Seeded demo mission {Acronym} ({Steps} commands)", mission.Acronym, mission.Steps.Count);
        else logger.LogInformation("Demo mission {Acronym} is in place", mission.Acronym);
    }

    /// <summary>The demo exercises, the paused one then the ended one, on UNMDM's strategy as the demo leaves it.
    /// </summary>
    public static IReadOnlyList<DemoStep> ExerciseSteps(Guid strategyId, long strategyVersion) =>
        [.. DemoExercise.Steps(strategyId, strategyVersion), .. DemoEndedExercise.Steps(strategyId, strategyVersion)];

    /// <summary>The demo exercises, on UNMDM's strategy as the demo leaves it (the version is known only once it is
    /// seeded; both play that version, though the ended one then adopts an improvement into the strategy).</summary>
    private async Task SeedExerciseAsync(Action stepDone, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var strategyId = Ids.StrategyOf(DemoData.Missions[0].MissionId);
        var exercise = await session.Events.FetchStreamAsync(DemoExercise.ExerciseId, 1, token: cancellationToken);
        var version = exercise.Count > 0 && exercise[0].Data is ExerciseCreated created ? created.StrategyVersion
            : (await session.Events.FetchStreamStateAsync(strategyId, cancellationToken))?.Version ?? 0;
        if (await ReplayAsync(ExerciseSteps(strategyId, version), "exercise", stepDone, cancellationToken))
            logger.LogInformation("Seeded the demo exercises '{Name}' and '{Ended}'", DemoExercise.Name,
                DemoEndedExercise.Name);
    }

    /// <summary>Sends the steps not yet committed; false when the last was committed already (nothing to do).</summary>
    private async Task<bool> ReplayAsync(IReadOnlyList<DemoStep> steps, string name, Action stepDone, CancellationToken cancellationToken)
    {
        var last = steps.Count - 1;
        await using (var session = store.QuerySession())
            if (await session.LoadAsync<IdempotencyRecord>($"{steps[last].Actor}:{Key(name, last)}", cancellationToken) is not null) return false;
        for (var index = 0; index <= last; index++)
        {
            var step = steps[index];
            var user = DemoData.Users.Single(u => u.UserName == step.Actor);
            await sender.SendAsync(new Actor(user.UserName, user.GlobalRoles.ToHashSet()), step.Command, Key(name, index),
                "Demonstration data", $"demo-seed-{name}", cancellationToken);
            stepDone();
        }
        return true;
    }

    private static string Key(string name, int index) => $"demo-seed:{name}:{index}";
}

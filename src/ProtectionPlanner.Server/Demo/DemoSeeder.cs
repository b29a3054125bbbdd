using Microsoft.Extensions.Options;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Operations;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Demo;

/// <summary>
/// In demo mode, replays the demo missions through the command pipeline, as their users, once: a mission that exists
/// already is left alone, so restarts and several nodes seed nothing twice.
/// </summary>
public sealed class DemoSeeder(
    CommandPipeline pipeline, EventStore.EventStore store, SchemaState schema, IOptions<DemoOptions> demo, ILogger<DemoSeeder> logger) : BackgroundService
{
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
            foreach (var mission in DemoData.Missions) await SeedAsync(mission, stoppingToken);
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
    /// Replays a mission's steps, each with an idempotency key of its own: a seed interrupted half-way resumes where it
    /// stopped (committed steps are recognised as repeats), and a mission whose last step is committed is skipped.
    /// </summary>
    private async Task SeedAsync(DemoMission mission, CancellationToken cancellationToken)
    {
        var last = mission.Steps.Count - 1;
        var lastCommandId = new CommandOptions(Key(mission, last)).CommandIdFor(mission.Steps[last].Actor)!;
        if (await store.FindCommandAsync(lastCommandId, cancellationToken) is not null)
        {
            logger.LogInformation("Demo mission {Acronym} is in place", mission.Acronym);
            return;
        }
        for (var index = 0; index <= last; index++)
        {
            var step = mission.Steps[index];
            var user = DemoData.Users.Single(u => u.UserName == step.Actor);
            var options = new CommandOptions(Key(mission, index), Reason: "Demonstration data", CorrelationId: $"demo-seed-{mission.Acronym}");
            await pipeline.SendAnyAsync(new Actor(user.UserName, user.GlobalRoles.ToHashSet()), step.Command, options, cancellationToken);
        }
        logger.LogInformation("Seeded demo mission {Acronym} ({Steps} commands)", mission.Acronym, mission.Steps.Count);
    }

    private static string Key(DemoMission mission, int index) => $"demo-seed:{mission.Acronym}:{index}";
}

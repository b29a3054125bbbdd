using System.Diagnostics;
using Docker.DotNet;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>
/// The test runs remove their PostgreSQL containers themselves (Ryuk's image may be out of reach): a run killed before
/// it could has its container removed at the next run's start, while a run still going keeps its own.
/// </summary>
public sealed class PostgresContainerTests
{
    [Fact]
    public async Task A_killed_runs_container_is_removed_at_the_next_start_and_a_running_ones_is_kept()
    {
        using var running = Process.Start("sleep", "120");
        string endedOwner;
        using (var ended = Process.Start("sleep", "120"))
        {
            endedOwner = PostgresContainer.OwnerOf(ended);
            ended.Kill();
            await ended.WaitForExitAsync();
        }
        // The id of a running process, taken by a process that ended before it started.
        var reusedOwner = $"{Environment.MachineName}/{running.Id}/0";

        var ofEndedRun = await StartedAsync(endedOwner);
        var ofReusedId = await StartedAsync(reusedOwner);
        await using var ofRunningRun = await StartedAsync(PostgresContainer.OwnerOf(running));
        await PostgresContainer.RemoveContainersOfEndedRunsAsync();

        Assert.False(await ExistsAsync(ofEndedRun.Id), "the container of an ended run is still there");
        Assert.False(
            await ExistsAsync(ofReusedId.Id), "the container of an ended run whose id was reused is still there");
        Assert.True(await ExistsAsync(ofRunningRun.Id), "the container of a running run was removed");
        running.Kill();
    }

    private static async Task<IContainer> StartedAsync(string owner)
    {
        var container = new ContainerBuilder(PostgresContainer.Image)
            .WithEntrypoint("sleep", "120")
            .WithLabel(PostgresContainer.OwnerLabel, owner)
            .Build();
        await container.StartAsync();
        return container;
    }

    private static async Task<bool> ExistsAsync(string id)
    {
        using var docker = PostgresContainer.DockerClient();
        try
        {
            await docker.Containers.InspectContainerAsync(id);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}

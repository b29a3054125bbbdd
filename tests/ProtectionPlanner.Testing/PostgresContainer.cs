using System.Diagnostics;
using System.Security.Cryptography;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;

namespace ProtectionPlanner.Testing;

/// <summary>
/// One PostgreSQL container for the test run (Testcontainers), where a Docker engine answers. Ryuk, the reaper that
/// would remove it after the run, comes from an image registry that may be out of reach, so the run removes its own:
/// when the process exits, and a killed run's container at the next run's start (each is labelled with its process).
/// </summary>
public static class PostgresContainer
{
    /// <summary>The image to run: upstream <c>postgres:15</c> unless set (deploy/local/docker.sh builds one from
    /// Debian's packages where no registry is reachable).</summary>
    public const string ImageVariable = "PLANNER_TEST_POSTGRES_IMAGE";

    /// <summary>The label naming the test process that owns a container: machine, process id and start time.</summary>
    public const string OwnerLabel = "protectionplanner.tests.owner";

    static PostgresContainer() => TestcontainersSettings.ResourceReaperEnabled = false;

    /// <summary>The image the container runs.</summary>
    public static string Image =>
        Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } named ? named : "postgres:15";

    /// <summary>Whether a Docker engine answers (Testcontainers' discovery: DOCKER_HOST, the socket, ...).</summary>
    public static bool EngineAnswers => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;

    /// <summary>Starts the container and answers a connection string to its maintenance database.</summary>
    public static async Task<string> StartAsync()
    {
        await RemoveContainersOfEndedRunsAsync();
        var container = new PostgreSqlBuilder(Image)
            .WithPassword(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)))
            .WithLabel(OwnerLabel, OwnerOf(Process.GetCurrentProcess()))
            // As the private cluster (deploy/local/postgres.sh): multi-node tests open many connections.
            .WithCommand("-c", "max_connections=300", "-c", "max_locks_per_transaction=256")
            .Build();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            await container.StartAsync();
        }
        catch (Exception error)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL container ({Image}) did not start: {error.Message} On Debian's engine, run the " +
                "tests through deploy/local/test.sh or set what it sets (deploy/local/docker.sh).", error);
        }
        return container.GetConnectionString();
    }

    /// <summary>The <see cref="OwnerLabel"/> of a process's containers (the start time tells a reused id apart).
    /// </summary>
    public static string OwnerOf(Process process) =>
        $"{Environment.MachineName}/{process.Id}/{process.StartTime.ToUniversalTime().Ticks}";

    /// <summary>Removes the labelled containers whose test process has ended (on this machine; other machines' are
    /// left to them).</summary>
    public static async Task RemoveContainersOfEndedRunsAsync()
    {
        using var docker = DockerClient();
        var labelled = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [OwnerLabel] = true },
            },
        });
        foreach (var container in labelled.Where(container => HasEnded(container.Labels[OwnerLabel])))
        {
            await docker.Containers.RemoveContainerAsync(
                container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        }
    }

    /// <summary>A client of the Docker engine Testcontainers found.</summary>
    public static Docker.DotNet.IDockerClient DockerClient() =>
        (TestcontainersSettings.OS.DockerEndpointAuthConfig
            ?? throw new InvalidOperationException("No Docker engine answers (deploy/local/docker.sh start)."))
        .GetDockerClientBuilder(Guid.Empty).Build();

    private static bool HasEnded(string owner)
    {
        var parts = owner.Split('/');
        var ours = parts.Length == 3 && parts[0] == Environment.MachineName;
        if (!ours || !int.TryParse(parts[1], out var id)) return false;
        try
        {
            using var process = Process.GetProcessById(id);
            return OwnerOf(process) != owner;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return true; // no such process, or it ended while being asked
        }
    }
}

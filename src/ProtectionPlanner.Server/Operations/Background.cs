using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ProtectionPlanner.Server.Operations;

/// <summary>Whether this process has brought the schema up to date, and when it last matched this build.</summary>
public sealed class SchemaState
{
    private readonly TaskCompletionSource migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long matchedAt;

    public bool IsMigrated => migrated.Task.IsCompleted;

    public Task Migrated => migrated.Task;

    public void MarkMigrated()
    {
        MarkMatched();
        migrated.TrySetResult();
    }

    private readonly Lock gate = new();
    private Task<HealthCheckResult>? comparing;

    /// <summary>The schema was applied, or compared and found to match, just now.</summary>
    private void MarkMatched() => Volatile.Write(ref matchedAt, Stopwatch.GetTimestamp());

    /// <summary>The schema was compared just now: a difference ends the last match.</summary>
    public void Compared(bool matched) => Volatile.Write(ref matchedAt, matched ? Stopwatch.GetTimestamp() : 0);

    /// <summary>The comparison running, or a new one by <paramref name="compare"/>: one at a time.</summary>
    public Task<HealthCheckResult> Compare(Func<Task<HealthCheckResult>> compare)
    {
        lock (gate) return comparing is { IsCompleted: false } running ? running : comparing = Task.Run(compare);
    }

    /// <summary>How long ago the schema last matched; null when it never did here.</summary>
    public TimeSpan? MatchedAgo =>
        Volatile.Read(ref matchedAt) is var at and not 0 ? Stopwatch.GetElapsedTime(at) : null;
}

/// <summary>The hosted services that start once the schema is in place (<see cref="Migrations"/>).</summary>
public sealed record AfterMigrations(IReadOnlyList<ServiceDescriptor> Services);

/// <summary>
/// Brings the schema up to date (Marten's and Wolverine's tables, and the app's own), then starts Wolverine and the
/// projection daemon, which need it (Wolverine claims its node in its tables as it starts). When the database is
/// unreachable the host starts without them, so that liveness answers and readiness says 503, and this keeps trying.
/// </summary>
public sealed class Migrations(
    IServiceProvider services, SchemaState schema, AfterMigrations after, ILogger<Migrations> logger) : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<IHostedService> started = [];
    private Task retrying = Task.CompletedTask;

    /// <summary>Takes Wolverine's and Marten's hosted services out of the host's list, for this to start.</summary>
    public static void StartAfter(IServiceCollection services)
    {
        var libraries = new[] { typeof(Wolverine.IMessageBus).Assembly, typeof(Marten.IDocumentStore).Assembly };
        var gated = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationFactory?.Method.Module.Assembly is { } assembly && libraries.Contains(assembly)).ToList();
        foreach (var descriptor in gated) services.Remove(descriptor);
        services.AddSingleton(new AfterMigrations(gated));
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, Migrations>());
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryApplyAsync(cancellationToken)) retrying = RetryAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await retrying.ContinueWith(_ => { }, TaskScheduler.Default);
        for (var i = started.Count - 1; i >= 0; i--) await started[i].StopAsync(cancellationToken);
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        for (var delay = TimeSpan.FromSeconds(1); !cancellationToken.IsCancellationRequested;
             delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(15).Ticks)))
        {
            await Task.Delay(delay, cancellationToken);
            if (await TryApplyAsync(cancellationToken)) return;
        }
    }

    private async Task<bool> TryApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ApplyAsync(services, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Database not reachable for migrations ({Error}); retrying", e.Message);
            return false;
        }
        foreach (var descriptor in after.Services)
        {
            var service = (IHostedService)descriptor.ImplementationFactory!(services);
            await service.StartAsync(cancellationToken);
            started.Add(service);
        }
        schema.MarkMigrated();
        return true;
    }

    /// <summary>What <c>resources setup</c> does (Marten's schema, Wolverine's message storage), and the app's own.</summary>
    public static async Task ApplyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ProtectionPlanner");
        foreach (var part in services.GetServices<JasperFx.CommandLine.Descriptions.ISystemPart>())
        foreach (var resource in await part.FindResources())
        {
            await resource.Setup(cancellationToken);
            logger.LogInformation("Applied the schema of {Resource}", resource.Name);
        }
    }
}

using System.Data.Common;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// A read model the async daemon keeps in tables of its own (<see cref="ReadModelTables"/>), written in the daemon's
/// batch transaction, that notifies <see cref="Channel"/> as its batches commit and can be rebuilt aside and swapped in
/// (<see cref="ReadModelRebuild"/>). An instance writes either the live tables or a rebuild's (<see cref="Suffix"/>);
/// a rebuild's instance sends no notifications.
/// </summary>
public abstract class ReadModelProjection : ProjectionBase, IProjection
{
    /// <summary>The channel of the read models' notifications, which every node listens to (docs/live.md).</summary>
    public const string Channel = "planner_views";

    protected ReadModelProjection(string name, string suffix)
    {
        Name = name;
        Suffix = suffix;
    }

    /// <summary>Empty for the live tables, <see cref="ReadModelTables.RebuildSuffix"/> for a rebuild's.</summary>
    public string Suffix { get; }

    public bool Rebuilding => Suffix.Length > 0;

    /// <summary>The daemon's name for this projection's single shard, as recorded in its progression table.</summary>
    public string ShardName => $"{Name}:{JasperFx.Events.Projections.ShardName.All}";

    /// <summary>The tables this instance writes.</summary>
    public abstract IReadOnlyList<ReadModelTable> Tables { get; }

    /// <summary>A fresh instance of the same read model writing the rebuild's tables.</summary>
    public abstract ReadModelProjection ForRebuild();

    /// <summary>A statement notifying everything the swapped-in tables hold, run in the swap's transaction: waiting
    /// readers look again, and live pushes read what they lack.</summary>
    public abstract string NotifyAll { get; }

    public abstract Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct);

    /// <summary>The schema-qualified name of table <paramref name="name"/> for this instance.</summary>
    protected string Table(string name) => ReadModelTables.Qualified(name + Suffix);

    /// <summary>
    /// Runs what <paramref name="event"/> does to the read model; a failure of the event itself (not of the database)
    /// becomes Marten's <see cref="ApplyEventException"/>, so the daemon records it as a dead letter and applies the
    /// batch again without it: one bad event never stops the views of other streams.
    /// </summary>
    protected static async Task Guard(IEvent @event, Func<Task> apply)
    {
        try
        {
            await apply();
        }
        catch (Exception e) when (IsEventFailure(e))
        {
            throw new ApplyEventException(@event, e);
        }
    }

    /// <inheritdoc cref="Guard(IEvent, Func{Task})"/>
    protected static void Guard(IEvent @event, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception e) when (IsEventFailure(e))
        {
            throw new ApplyEventException(@event, e);
        }
    }

    /// <summary>A header Marten recorded with the event (role, reason, ...), as text.</summary>
    public static string? Header(IEvent @event, string name) =>
        @event.Headers?.GetValueOrDefault(name) switch
        {
            null => null,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } text => text.GetString(),
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Null } => null,
            var value => value.ToString(),
        };

    private static bool IsEventFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is DbException or OperationCanceledException or TimeoutException or IOException
                or ApplyEventException)
                return false;
        return true;
    }
}

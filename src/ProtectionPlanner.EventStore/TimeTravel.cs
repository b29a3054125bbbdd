using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace ProtectionPlanner.EventStore;

/// <summary>Where in a stream's history to fold to: its latest version, a version, or a moment.</summary>
public readonly record struct StreamPoint
{
    private StreamPoint(long? version, DateTimeOffset? asOf) => (Version, AsOf) = (version, asOf);

    /// <summary>The version to stop at, when given by version.</summary>
    public long? Version { get; }

    /// <summary>The moment to stop at, when given by time.</summary>
    public DateTimeOffset? AsOf { get; }

    /// <summary>The stream as it is now.</summary>
    public static StreamPoint Latest { get; } = new(null, null);

    /// <summary>The stream as it stood at <paramref name="version"/> (0: before its first event).</summary>
    public static StreamPoint AtVersion(long version) =>
        version >= 0 ? new(version, null) : throw new ArgumentOutOfRangeException(nameof(version), version, "A version is 0 or more.");

    /// <summary>The stream as it stood at <paramref name="moment"/>: every event committed at or before it.</summary>
    public static StreamPoint At(DateTimeOffset moment) => new(null, moment);
}

/// <summary>Save a snapshot of the folded state every <paramref name="Every"/> versions, under <paramref name="Name"/>.</summary>
/// <param name="Name">Names the state's shape; change it (for example <c>strategy.v4</c>) when the state's shape changes.</param>
/// <param name="Every">How many events between snapshots.</param>
public sealed record SnapshotPolicy(string Name, int Every)
{
    /// <summary>Throws unless the name is valid and the interval positive.</summary>
    public void Validate()
    {
        EventTypeRegistry.ValidateName(Name, nameof(Name));
        ArgumentOutOfRangeException.ThrowIfLessThan(Every, 1, nameof(Every));
    }
}

/// <summary>State folded from a stream, and the version it reflects.</summary>
public sealed record Folded<TState>(TState State, long Version);

public sealed partial class EventStore
{
    /// <summary>
    /// Folds a stream's events into state with <paramref name="evolve"/>, up to <paramref name="at"/>. With a
    /// <paramref name="snapshots"/> policy it starts from the latest snapshot at or before that point and saves a new
    /// one at each multiple of <see cref="SnapshotPolicy.Every"/> it folds past: past versions never change, so such
    /// snapshots stay valid for good.
    /// </summary>
    public async Task<Folded<TState>> AggregateStreamAsync<TState>(
        Guid streamId, TState initial, Func<TState, StoredEvent, TState> evolve,
        StreamPoint at = default, SnapshotPolicy? snapshots = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evolve);
        snapshots?.Validate();
        var target = at.AsOf is { } moment ? await GetVersionAtAsync(streamId, moment, cancellationToken) : at.Version ?? long.MaxValue;

        var folded = new Folded<TState>(initial, 0);
        if (snapshots is not null && await LoadSnapshotAsync<TState>(streamId, snapshots.Name, target, cancellationToken) is { } snapshot)
            folded = snapshot;
        if (folded.Version >= target) return folded;

        var (state, version) = (folded.State, folded.Version);
        var toSave = new List<Folded<TState>>();
        foreach (var @event in await ReadStreamAsync(streamId, version + 1, target, cancellationToken))
        {
            state = evolve(state, @event);
            version = @event.Version;
            if (snapshots is not null && version % snapshots.Every == 0) toSave.Add(new(state, version));
        }
        // Every multiple passed, not only the last: a later look at an earlier version starts from the one before it.
        foreach (var passed in toSave) await SaveSnapshotAsync(streamId, snapshots!.Name, passed.Version, passed.State, cancellationToken);
        return new Folded<TState>(state, version);
    }

    /// <summary>Stores <paramref name="state"/> as the stream's state at <paramref name="version"/>.</summary>
    public async Task SaveSnapshotAsync<TState>(
        Guid streamId, string name, long version, TState state, CancellationToken cancellationToken = default)
    {
        EventTypeRegistry.ValidateName(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        string json;
        try
        {
            json = JsonSerializer.Serialize(state, Types.SerializerOptions);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new EventSerializationException($"Snapshot state {typeof(TState)} cannot be serialised: {e.Message}", e);
        }
        await using var command = DataSource.CreateCommand("""
            insert into eventstore.snapshots (stream_id, name, version, data) values (@stream_id, @name, @version, @data)
            on conflict (stream_id, name, version) do update set data = excluded.data, created = now()
            """);
        command.Parameters.AddWithValue("stream_id", streamId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.Add(new NpgsqlParameter<string>("data", NpgsqlDbType.Jsonb) { TypedValue = json });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The latest snapshot named <paramref name="name"/> at or before <paramref name="maxVersion"/>, or null.</summary>
    public async Task<Folded<TState>?> LoadSnapshotAsync<TState>(
        Guid streamId, string name, long maxVersion = long.MaxValue, CancellationToken cancellationToken = default)
    {
        EventTypeRegistry.ValidateName(name, nameof(name));
        await using var command = DataSource.CreateCommand("""
            select version, data::text from eventstore.snapshots
            where stream_id = @stream_id and name = @name and version <= @max_version
            order by version desc limit 1
            """);
        command.Parameters.AddWithValue("stream_id", streamId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("max_version", maxVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = JsonSerializer.Deserialize<TState>(reader.GetString(1), Types.SerializerOptions)!;
        return new Folded<TState>(state, reader.GetInt64(0));
    }
}

using Npgsql;

namespace ProtectionPlanner.EventStore.Projections;

/// <summary>A projection's progress and health, as any process can read it.</summary>
/// <param name="Name">The projection.</param>
/// <param name="Version">The version of the logic its live tables were built with.</param>
/// <param name="Position">The last global position applied.</param>
/// <param name="LagEvents">Committed events not applied yet (counted up to 10,000).</param>
/// <param name="LagSeconds">Age of the oldest event not applied yet; 0 when caught up.</param>
/// <param name="State">running, or faulted (stopped at <see cref="Failure"/>).</param>
/// <param name="Owner">The node that runs it.</param>
/// <param name="Heartbeat">When the owner last showed it is alive.</param>
/// <param name="Rebuild">requested, running or failed; null when no rebuild is under way.</param>
/// <param name="RebuildPosition">How far a running rebuild got.</param>
/// <param name="Failure">The event it stopped at, when faulted or when the rebuild failed.</param>
public sealed record ProjectionStatus(
    string Name, int Version, long Position, long LagEvents, double LagSeconds, string State, string? Owner,
    DateTimeOffset? Heartbeat, string? Rebuild, long? RebuildPosition, ProjectionFailure? Failure);

/// <summary>The event a projection failed on, and the error.</summary>
public sealed record ProjectionFailure(long Position, Guid StreamId, long Version, string Type, DateTimeOffset At, string Error);

/// <summary>Status, rebuild requests and read-your-writes waits, usable from any process.</summary>
public static class ProjectionControl
{
    /// <summary>
    /// The two lag columns of a projection at <paramref name="position"/> (an SQL expression): committed events not applied
    /// yet, and the age in seconds of the oldest of them (0 when caught up). An index probe each when caught up; the count
    /// stops at 10,000, because counting costs as much as the lag (10 ms a projection at 20,000 behind), and the lag in
    /// seconds is what alerts watch.
    /// </summary>
    public static string LagColumns(string position) => $"""
        (select count(*) from (select 1 from eventstore.events e where e.position > {position} limit 10000) pending),
        coalesce(extract(epoch from now() - (select e.timestamp from eventstore.events e where e.position > {position}
                                             order by e.position limit 1)), 0)::float8
        """;

    /// <summary>Every registered projection's status.</summary>
    public static async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select p.name, p.version, p.position,
                   {LagColumns("p.position")},
                   p.state, p.owner, p.heartbeat, p.rebuild_state, p.rebuild_position,
                   p.failed_position, p.failed_stream_id, p.failed_version, p.failed_type, p.failed_at, p.error
            from eventstore.projections p
            order by p.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var statuses = new List<ProjectionStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var failure = reader.IsDBNull(10) ? null : new ProjectionFailure(
                reader.GetInt64(10), reader.GetGuid(11), reader.GetInt64(12), reader.GetString(13),
                reader.GetFieldValue<DateTimeOffset>(14), reader.GetString(15));
            statuses.Add(new ProjectionStatus(
                reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), failure));
        }
        return statuses;
    }

    /// <summary>
    /// Asks whichever daemon runs <paramref name="projection"/> to rebuild it into fresh tables from the start of the
    /// feed and swap them in when caught up; readers keep the old tables until then. False when no such projection is
    /// registered.
    /// </summary>
    public static async Task<bool> RequestRebuildAsync(NpgsqlDataSource dataSource, string projection, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            update eventstore.projections set rebuild_state = 'requested', rebuild_requested = now(), rebuild_position = null,
                   rebuild_version = null, updated = now()
            where name = @name;
            select pg_notify('{AppendNotifications.Channel}', '');
            """);
        command.Parameters.AddWithValue("name", projection);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Waits until <paramref name="projection"/> has applied <paramref name="position"/>; false on timeout.</summary>
    public static async Task<bool> WaitForPositionAsync(
        NpgsqlDataSource dataSource, string projection, long position, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pause = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            await using (var command = dataSource.CreateCommand("select position from eventstore.projections where name = @name"))
            {
                command.Parameters.AddWithValue("name", projection);
                if (await command.ExecuteScalarAsync(cancellationToken) is long reached && reached >= position) return true;
            }
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }
}

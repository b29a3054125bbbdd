using Microsoft.AspNetCore.SignalR;
using Npgsql;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Live;

public sealed record Viewer(string User, string DisplayName, string Role);

public sealed record EditingItem(string User, string DisplayName, Guid ItemId);

/// <summary>Who views a strategy and who edits which of its items, over all nodes.</summary>
public sealed record PresenceState(Guid StrategyId, IReadOnlyList<Viewer> Viewers, IReadOnlyList<EditingItem> Editing);

/// <summary>
/// Presence across nodes, in <c>planner.presence</c>: each change notifies <see cref="Channel"/> with the strategy id,
/// and every node sends the strategy's whole presence to its subscribers. Each node refreshes its rows every
/// <see cref="Heartbeat"/>; rows not refreshed for three heartbeats (a node that died) are removed.
/// </summary>
public sealed class Presence(NpgsqlDataSource dataSource, IHubContext<PlanningHub> hub, SchemaState schema, PlannerMetrics metrics, ILogger<Presence> logger)
    : BackgroundService
{
    public const string Channel = "planner_presence";

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>This process, among the nodes.</summary>
    private readonly string node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public Task JoinAsync(Guid strategyId, string connectionId, string user, string displayName, string role, CancellationToken ct) =>
        ChangeAsync("""
            insert into planner.presence (connection_id, strategy_id, node, user_name, display_name, role)
            values (@connection, @strategy, @node, @user, @display, @role)
            on conflict (connection_id, strategy_id) do update set seen = now(), role = excluded.role
            returning strategy_id
            """, ct, ("connection", connectionId), ("strategy", strategyId), ("node", node), ("user", user), ("display", displayName), ("role", role));

    public Task EditingAsync(Guid strategyId, string connectionId, Guid? itemId, CancellationToken ct) =>
        ChangeAsync("""
            update planner.presence set editing = @item, seen = now()
            where connection_id = @connection and strategy_id = @strategy and editing is distinct from @item
            returning strategy_id
            """, ct, ("connection", connectionId), ("strategy", strategyId), ("item", (object?)itemId ?? DBNull.Value));

    /// <summary>Removes a connection's presence on one strategy, or on all when <paramref name="strategyId"/> is null.</summary>
    public Task LeaveAsync(Guid? strategyId, string connectionId, CancellationToken ct) =>
        ChangeAsync("""
            delete from planner.presence where connection_id = @connection and (@strategy::uuid is null or strategy_id = @strategy)
            returning strategy_id
            """, ct, ("connection", connectionId), ("strategy", (object?)strategyId ?? DBNull.Value));

    /// <summary>Sends a strategy's presence to <paramref name="connections"/> (this node's subscribers).</summary>
    public async Task PublishAsync(Guid strategyId, IReadOnlyList<string> connections, CancellationToken ct)
    {
        try
        {
            var rows = new List<(string User, string Display, string Role, Guid? Editing)>();
            await using (var query = dataSource.CreateCommand("""
                select user_name, display_name, role, editing from planner.presence
                where strategy_id = @strategy and seen > now() - @expiry order by user_name
                """))
            {
                query.Parameters.AddWithValue("strategy", strategyId);
                query.Parameters.AddWithValue("expiry", Heartbeat * 3);
                await using var reader = await query.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3)));
            }
            var state = new PresenceState(strategyId,
                rows.DistinctBy(r => r.User).Select(r => new Viewer(r.User, r.Display, r.Role)).ToList(),
                rows.Where(r => r.Editing is not null).DistinctBy(r => (r.User, r.Editing)).Select(r => new EditingItem(r.User, r.Display, r.Editing!.Value)).ToList());
            await hub.Clients.Clients(connections).SendAsync("presence", state, ct);
            metrics.Pushed("presence", connections.Count);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            logger.LogWarning("Could not publish presence of strategy {Strategy} ({Error})", strategyId, e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schema.Migrated.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(Heartbeat);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using (var refresh = dataSource.CreateCommand("update planner.presence set seen = now() where node = @node"))
                    {
                        refresh.Parameters.AddWithValue("node", node);
                        await refresh.ExecuteNonQueryAsync(stoppingToken);
                    }
                    await ChangeAsync("delete from planner.presence where seen < now() - @expiry returning strategy_id", stoppingToken, ("expiry", Heartbeat * 3));
                }
                catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
                {
                    logger.LogWarning("Presence heartbeat failed ({Error})", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs a change that returns the strategies it touched, and notifies every node of each.</summary>
    private async Task ChangeAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand($"""
            with changed as ({sql.TrimEnd().TrimEnd(';')})
            select pg_notify('{Channel}', strategy_id::text) from (select distinct strategy_id from changed) s
            """);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }
}

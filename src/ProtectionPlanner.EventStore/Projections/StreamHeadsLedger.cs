namespace ProtectionPlanner.EventStore.Projections;

/// <summary>
/// Records each stream's last version and hash in <c>eventstore.stream_heads</c> shortly after commit. Versions there
/// only grow, even through a rebuild, so <see cref="EventStore.VerifyAsync"/> also finds events removed from the end of
/// a stream, which a hash chain alone cannot show.
/// </summary>
public sealed class StreamHeadsLedger : IProjection
{
    /// <inheritdoc />
    public string Name => "eventstore_stream_heads";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public IReadOnlyList<ReadModelTable> Tables => [];

    /// <summary>Nobody waits for the ledger: it records heads once a second, in batches.</summary>
    public TimeSpan? BatchInterval => TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        await using var command = batch.CreateCommand("""
            insert into eventstore.stream_heads as h (stream_id, version, hash)
            select distinct on (e.stream_id) e.stream_id, e.version, e.hash
            from eventstore.events e
            where e.position = any(@positions)
            order by e.stream_id, e.version desc
            on conflict (stream_id) do update set version = excluded.version, hash = excluded.hash, recorded = now()
            where excluded.version > h.version
            """);
        command.Parameters.AddWithValue("positions", batch.Events.Select(e => e.Position).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using ProtectionPlanner.EventStore.Migrations;
using ProtectionPlanner.EventStore.Worker;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class MigrationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Several_processes_migrating_a_fresh_database_at_once_apply_each_migration_once()
    {
        var sources = Enumerable.Range(0, 4).Select(_ => database.CreateDataSource()).ToList();
        try
        {
            await Task.WhenAll(sources.Select(source => Task.Run(() => EventStoreSchema.MigrateAsync(source))));
            await EventStoreSchema.MigrateAsync(database.DataSource);
        }
        finally
        {
            foreach (var source in sources) await source.DisposeAsync();
        }

        Assert.Equal(EventStoreSchema.Migrations.Count,
            await database.ScalarAsync<long>("select count(*) from eventstore.schema_migrations where module = 'eventstore'"));
        Assert.True(await EventStoreSchema.IsUpToDateAsync(database.DataSource));
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_is_refused()
    {
        await EventStoreSchema.MigrateAsync(database.DataSource);
        var tampered = EventStoreSchema.Migrations.Select(m => m with { Sql = m.Sql + "\n-- edited" }).ToList();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SchemaMigrator.ApplyAsync(database.DataSource, EventStoreSchema.Module, tampered));
        Assert.Contains("changed after it was applied", refused.Message);
    }

    [Fact]
    public async Task After_a_restore_into_a_cluster_with_lower_transaction_ids_new_events_still_sort_last()
    {
        await EventStoreSchema.MigrateAsync(database.DataSource);
        // A store already appending must pick up the moved base too: its pooled connection holds the prepared append,
        // whose plan PostgreSQL caches after five runs.
        await using var store = new EventStore(database.DataSource, TestEvents.Registry());
        var stream = Guid.NewGuid();
        await store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        for (var version = 1; version < 8; version++)
            await store.AppendAsync(stream, ExpectedVersion.Exactly(version), [new Counted(version + 1)], Actors.Planner());
        // A restored event from a cluster whose transaction ids were far ahead of this one's.
        var restoredPosition = (await database.ScalarAsync<long>("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint") + 1_000_000) << 16;
        await database.ExecuteAsync($"""
            insert into eventstore.events (position, stream_id, version, type, type_version, data, metadata, timestamp, hash)
            values ({restoredPosition}, gen_random_uuid(), 1, 'counted', 1, '{"{"}"number":1{"}"}', '{"{"}"actor":"x"{"}"}', now(), '\x00')
            """);

        await EventStoreSchema.MigrateAsync(database.DataSource);
        var appended = await store.AppendAsync(stream, ExpectedVersion.Exactly(8), [new Counted(9)], Actors.Planner());

        Assert.True(appended.FirstPosition > restoredPosition);
        var feed = new List<long>();
        var after = (await store.ReadStreamAsync(stream, 8, 8))[0].Position;
        for (var attempt = 0; attempt < 500 && feed.Count < 2; attempt++)
        {
            feed.AddRange((await store.ReadAllAsync(feed.Count == 0 ? after : feed[^1], 10)).Events.Select(e => e.Position));
            await Task.Delay(10); // other databases' open transactions can hold the horizon back for a moment
        }
        Assert.Equal([restoredPosition, appended.FirstPosition], feed);
    }
}

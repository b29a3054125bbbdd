using ProtectionPlanner.EventStore.Worker;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.EventStore.Tests;

/// <summary>A fresh database with the event store's schema, and a store on it.</summary>
public sealed class EventStoreDatabase : TestDatabase
{
    private EventStore? store;

    public EventStore Store => store ?? throw new InvalidOperationException("Not initialised.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await EventStoreSchema.MigrateAsync(DataSource);
        store = new EventStore(DataSource, TestEvents.Registry());
    }

    /// <summary>Another store on the same database with its own connection pool, as another process would have.</summary>
    public EventStore CreateStore() => new(CreateDataSource(), TestEvents.Registry());

    public Task<long> EventCountAsync() => ScalarAsync<long>("select count(*) from eventstore.events");

    public override async Task DisposeAsync()
    {
        if (store is not null) await store.DisposeAsync();
        await base.DisposeAsync();
    }
}

public static class Actors
{
    public static EventMetadata Planner(string? commandId = null) =>
        new("planner1", Role: "planner", Reason: "testing", CorrelationId: "corr-1", CommandId: commandId);
}

// A projection process for fault tests: runs a slow CountingProjection until it is killed, printing "BATCH <from>"
// as each batch starts applying. Usage: ProtectionPlanner.EventStore.Worker <connection string> <label> <projection>
using Npgsql;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.EventStore.Worker;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ProtectionPlanner.EventStore.Worker <connection string> <label> <projection>");
    return 2;
}
await using var dataSource = NpgsqlDataSource.Create(args[0]);
await using var store = new EventStore(dataSource, TestEvents.Registry());
var projection = new CountingProjection(args[2], delayPerEvent: TimeSpan.FromMilliseconds(5), label: args[1])
{
    BatchStarting = batch => Console.WriteLine($"BATCH {batch.Events[0].Position}"),
};
await using var daemon = new ProjectionDaemon(store, [projection], new ProjectionDaemonOptions { BatchSize = 100, NodeId = args[1], LeadershipInterval = TimeSpan.FromMilliseconds(200) });
await daemon.StartAsync();
Console.WriteLine("STARTED");
await Task.Delay(Timeout.Infinite);
return 0;

// The benchmark: measures Marten and the server against baselines taken in the same run (raw PostgreSQL, a bare
// endpoint), and prints a table; --json PATH writes the figures (keys in docs/performance.md).
//   dotnet run -c Release --project tests/ProtectionPlanner.Benchmarks -- [--json PATH] [--seconds N] [--rounds N]
//       [--only store|commands|start|push|audit|fanout|wakeup]
//   ... -- --load MINUTES [--json PATH]: the load and soak harness instead (LoadHarness.cs)
// It uses PLANNER_TEST_DATABASE when set (docs/performance.md: the private cluster), otherwise the tests' server
// (PostgresServer), in a fresh database that it drops afterwards.
using System.Globalization;
using System.Text.Json;
using Npgsql;
using ProtectionPlanner.Benchmarks;
using ProtectionPlanner.Testing;

string? jsonPath = null;
var seconds = 1.0; // short rounds, many of them: the steadier protocol on a VM whose speed drifts (docs/performance.md)
var rounds = 15;
string? only = null;
double? loadMinutes = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--json" when i + 1 < args.Length: jsonPath = args[++i]; break;
        case "--seconds" when i + 1 < args.Length: seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds" when i + 1 < args.Length: rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only" when i + 1 < args.Length
                           && args[i + 1] is "store" or "commands" or "start" or "push" or "audit" or "fanout" or "wakeup":
            only = args[++i];
            break;
        case "--load" when i + 1 < args.Length: loadMinutes = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: ProtectionPlanner.Benchmarks [--json PATH] [--seconds N] [--rounds N] "
                + "[--only store|commands|start|push|audit|fanout|wakeup] | --load MINUTES [--json PATH]");
            return 2;
    }
}

if (loadMinutes is { } minutes)
{
    var loadDatabase = new TestDatabase();
    await loadDatabase.InitializeAsync();
    try
    {
        var load = await new LoadHarness(loadDatabase.ConnectionString, TimeSpan.FromMinutes(minutes)).RunAsync();
        foreach (var (key, value) in load) Console.WriteLine($"  {key,-36} {value.ToString("0.###", CultureInfo.InvariantCulture),14}");
        if (jsonPath is not null)
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(load.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3)), new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
    finally
    {
        await loadDatabase.DisposeAsync();
    }
}

var database = new TestDatabase();
var commandDatabase = new TestDatabase();
var pushDatabase = new TestDatabase();
var auditDatabase = new TestDatabase();
var startDatabase = new TestDatabase();
var fanoutDatabase = new TestDatabase();
await database.InitializeAsync();
await startDatabase.InitializeAsync();
await commandDatabase.InitializeAsync();
await pushDatabase.InitializeAsync();
await auditDatabase.InitializeAsync();
await fanoutDatabase.InitializeAsync();
try
{
    await using var dataSource = DataSource(database.ConnectionString);
    await CpuTime.UseClusterOfAsync(dataSource);
    await using var store = new StoreBenchmarks(dataSource, TimeSpan.FromSeconds(seconds), rounds);
    var results = only switch
    {
        "commands" => await store.PrepareAsync(),
        "start" or "push" or "audit" or "fanout" or "wakeup" => [],
        _ => await store.RunAsync(),
    };

    // HTTP commands against a running server, on a database of its own, alternated with the same clients' bare
    // appends through that server and with raw inserts on the first database.
    if (only is null or "commands")
    await using (var server = await Servers.StartAsync(commandDatabase.ConnectionString,
        settings: new Dictionary<string, string> { ["PLANNER__BENCHMARK__BAREENDPOINT"] = "true" }))
    {
        var commands = new CommandBenchmarks(server, commandDatabase.DataSource, TimeSpan.FromSeconds(seconds));
        await commands.SetUpAsync();
        results["command_warmup_s"] = commands.WarmUpSeconds;
        var measured = await Measure.RoundsAsync(rounds, () => store.RawInsertsAsync(), commands.RunBareAsync, commands.RunCommandsAsync);
        var (raw, bare, planning) = (measured[0], measured[1], measured[2]);
        (results["command_tps"], results["command_bare_tps"]) = (planning.Average(), bare.Average());
        results["command_vs_bare_ratio"] = Measure.MedianRatio(planning, bare);
        results["command_ratio"] = Measure.MedianRatio(planning, raw);
        results["command_bare_ratio"] = Measure.MedianRatio(bare, raw);
        (results["command_p50_ms"], results["command_p99_ms"]) = commands.Commands.Percentiles();
        (results["command_bare_p50_ms"], results["command_bare_p99_ms"]) = commands.Bare.Percentiles();
        (results["command_server_cpu_ms"], results["command_client_cpu_ms"], results["command_database_cpu_ms"]) =
            commands.Commands.CpuPerRequest();
        (results["command_bare_server_cpu_ms"], results["command_bare_client_cpu_ms"], results["command_bare_database_cpu_ms"]) =
            commands.Bare.CpuPerRequest();
        results["command_conflicts"] = commands.Conflicts;
        if (commands.ProjectionLagMaxEvents >= 0) results["command_projection_lag_max_events"] = commands.ProjectionLagMaxEvents;
    }

    // Process start to ready, on a database an earlier start migrated.
    if (only is null or "start")
    {
        foreach (var (key, value) in await ColdStart.RunAsync(startDatabase.ConnectionString))
            results[key] = value;
    }

    // Live pushes through two server processes to 200 WebSocket clients, and the memory of 1,000 idle ones.
    if (only is null or "push")
    {
        foreach (var (key, value) in await new PushBenchmarks(pushDatabase.ConnectionString, TimeSpan.FromSeconds(seconds * rounds)).RunAsync())
            results[key] = value;
    }

    // Time travel, diffs and history on a strategy of 10,000 events, read by an HQ reviewer one request at a time.
    if (only is null or "audit")
    {
        foreach (var (key, value) in await new AuditBenchmarks(auditDatabase.ConnectionString).RunAsync())
            results[key] = value;
    }

    // The live views' fan-out between nodes: PostgreSQL NOTIFY/LISTEN against Redis pub/sub and SignalR's backplane.
    if (only is null or "fanout")
    {
        var fanout = new FanoutBenchmarks(fanoutDatabase.ConnectionString, TimeSpan.FromSeconds(seconds), rounds);
        foreach (var (key, value) in await fanout.RunAsync()) results[key] = value;
    }

    // The daemon woken by NOTIFY on append against polling (WakeupBenchmarks.cs); only when asked for.
    if (only is "wakeup")
        foreach (var (key, value) in await WakeupBenchmarks.RunAsync()) results[key] = value;

    var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {await ServerVersionAsync(dataSource)}";
    Console.WriteLine($"ProtectionPlanner benchmark: {machine}; {seconds:0.#} s x {rounds} rounds per figure");
    foreach (var (key, value) in results)
        Console.WriteLine($"  {key,-28} {value.ToString(value < 10 ? "0.000" : "#,0", CultureInfo.InvariantCulture),14}");
    if (jsonPath is not null)
    {
        var document = results.ToDictionary(pair => pair.Key, pair => (object)Math.Round(pair.Value, 3));
        document["machine"] = machine;
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Wrote {jsonPath}");
    }
    return 0;
}
finally
{
    await database.DisposeAsync();
    await commandDatabase.DisposeAsync();
    await pushDatabase.DisposeAsync();
    await auditDatabase.DisposeAsync();
    await startDatabase.DisposeAsync();
    await fanoutDatabase.DisposeAsync();
}

static async Task<string> ServerVersionAsync(NpgsqlDataSource dataSource)
{
    await using var version = dataSource.CreateCommand("select 'PostgreSQL ' || current_setting('server_version')");
    return (string)(await version.ExecuteScalarAsync())!;
}

// A data source as the app builds its own (Server/Hosting/MartenSetup): statements prepared, connections not reset on
// reuse, PostgreSQL's JIT off; shared by Marten and the raw baselines.
static NpgsqlDataSource DataSource(string connectionString)
{
    var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
    {
        MaxPoolSize = 32, MaxAutoPrepare = 50, NoResetOnClose = true,
    }.ConnectionString);
    builder.UsePhysicalConnectionInitializer(
        connection =>
        {
            using var noJit = new NpgsqlCommand("set jit = off", connection);
            noJit.ExecuteNonQuery();
        },
        async connection =>
        {
            await using var noJit = new NpgsqlCommand("set jit = off", connection);
            await noJit.ExecuteNonQueryAsync();
        });
    return builder.Build();
}

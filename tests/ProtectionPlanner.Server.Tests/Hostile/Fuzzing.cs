using System.Globalization;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// How much the fuzz tests send and from which seed. Each run picks a new seed and prints it; set it to replay a failure:
/// <c>PLANNER_FUZZ_SEED=1234 dotnet test --filter Hostile</c>. Longer runs: <c>PLANNER_FUZZ_REQUESTS=200</c> (per
/// route), <c>PLANNER_FUZZ_HUB_MESSAGES=2000</c>.
/// </summary>
public static class Fuzzing
{
    public static int Seed { get; } = Setting("PLANNER_FUZZ_SEED", Random.Shared.Next());

    /// <summary>Hostile requests per route of the OpenAPI document.</summary>
    public static int RequestsPerRoute { get; } = Setting("PLANNER_FUZZ_REQUESTS", 12);

    /// <summary>Hostile hub invocations and frames.</summary>
    public static int HubMessages { get; } = Setting("PLANNER_FUZZ_HUB_MESSAGES", 200);

    /// <summary>A random source for one route (or hub case): the same seed replays it whatever else runs.</summary>
    public static Random For(string name)
    {
        var hash = 2166136261u; // FNV-1a: stable across processes, unlike string.GetHashCode
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return new Random(Seed ^ (int)hash);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

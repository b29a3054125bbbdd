using Marten;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// The states the live side decides access with, as they are now: Marten's latest of each stream (its snapshot and
/// the events after it; a document session's, which alone has it). Another kind of stream under the id reads as none
/// (its events name another id, or none).
/// </summary>
public static class LiveStates
{
    public static async Task<Mission> MissionAsync(this IDocumentStore store, Guid missionId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        return await session.LatestAsync<Mission>(missionId, ct) is { Exists: true } mission
            && mission.Id == missionId ? mission : Mission.None;
    }

    public static async Task<Strategy> StrategyAsync(this IDocumentStore store, Guid strategyId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        return await session.LatestAsync<Strategy>(strategyId, ct) is { Exists: true } strategy
            && strategy.Id == strategyId ? strategy : Strategy.None;
    }

    /// <summary>An exercise with its plan and its mission as it is now (<see cref="ExercisePlay.None"/> when
    /// unknown).</summary>
    public static async Task<ExercisePlay> PlayAsync(this IDocumentStore store, Guid exerciseId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LatestAsync<ExerciseState>(exerciseId, ct) is not { Exercise.Exists: true } exercise
            || exercise.Exercise.Id != exerciseId) return ExercisePlay.None;
        var mission = await session.LatestAsync<Mission>(exercise.Exercise.MissionId, ct);
        return exercise.With(mission ?? Mission.None);
    }
}

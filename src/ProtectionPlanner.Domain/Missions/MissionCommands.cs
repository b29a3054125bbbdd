using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Missions;

/// <summary>A command on a mission stream.</summary>
public interface IMissionCommand<TSelf> : ICommand<Mission, TSelf> where TSelf : IMissionCommand<TSelf>
{
    Guid MissionId { get; }
}

/// <summary>Checks shared by mission commands.</summary>
internal static class MissionRules
{
    public static void RequireExists(Mission mission, Guid missionId)
    {
        if (!mission.Exists) throw new NotFound("Mission", missionId.ToString());
    }

    /// <summary>
    /// Refuses the edit when the item changed after the version it was made against. No version (no If-Match), or an
    /// item kept before items had stamps, is a last-writer-wins edit, as mission edits were before.
    /// </summary>
    public static void Expect(string kind, string name, long? expectedVersion, ItemStamp? current, object item)
    {
        if (expectedVersion is { } expected && current is not null && current.Version != expected)
            throw new ItemConflict(kind, name, expected, current, item);
    }

    public static void Check(Check check, string field, Mandate mandate)
    {
        check.Required($"{field}.resolution", mandate.Resolution)
            .Text($"{field}.language", mandate.Language)
            .That(mandate.End >= mandate.Start, $"{field}.end", "must not be before the start.");
    }

    public static void Check(Check check, string field, Capacity capacity)
    {
        check.Count($"{field}.personnel", capacity.Personnel)
            .List($"{field}.assets", capacity.Assets, each: (c, path, asset) =>
                c.Required($"{path}.name", asset.Name).Count($"{path}.quantity", asset.Quantity));
    }
}

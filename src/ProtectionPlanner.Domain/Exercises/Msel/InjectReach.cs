namespace ProtectionPlanner.Domain.Exercises.Msel;

/// <summary>
/// Whom an inject reaches: the players of the components it targets. An inject aimed at a component no player plays
/// for reaches nobody there, which control should see before releasing it (it may still release it on purpose).
/// </summary>
public static class InjectReach
{
    /// <summary>The targets no player would receive the inject for: the targeted components without a player, or,
    /// for an inject to all players, null (all of them) when the exercise has no player at all.</summary>
    public static IReadOnlyList<Guid?> Unreached(Exercise exercise, InjectDetails details)
    {
        var players = exercise.Participants.Where(p => p.Role == ExerciseRole.Player).ToList();
        if (details.TargetComponentIds.Count == 0) return players.Count == 0 ? [null] : [];
        return details.TargetComponentIds.Distinct().Where(component => players.All(p => p.ComponentId != component))
            .Select(component => (Guid?)component).ToList();
    }
}

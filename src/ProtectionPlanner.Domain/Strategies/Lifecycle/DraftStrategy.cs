using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Domain.Strategies.Lifecycle;

/// <summary>Starts the mission's POC strategy: one per mission, revisions inside it.</summary>
public sealed record DraftStrategy(Guid MissionId, string Title) : IStrategyCommand<DraftStrategy>
{
    public Guid StrategyId => Ids.StrategyOf(MissionId);

    public static Permission Permission => Permission.EditStrategy;

    public void Validate() => new Check().Required("title", Title).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Planning planning, DraftStrategy command, DecisionContext context)
    {
        if (!planning.Mission.Exists) throw new NotFound("Mission", command.MissionId.ToString());
        if (planning.Strategy.Exists)
            throw new StateConflict("strategy-exists",
                $"Mission {planning.Mission.Acronym} already has a POC strategy; revise it instead.")
            { Facts = ErrorFacts.Of(("mission", planning.Mission.Acronym)) };
        return [new StrategyDrafted(command.StrategyId, command.MissionId, command.Title.Trim())];
    }
}

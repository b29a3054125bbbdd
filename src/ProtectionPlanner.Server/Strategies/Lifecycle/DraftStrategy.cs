using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record DraftStrategyRequest(string Title);

public static class DraftStrategyEndpoint
{
    [Tags("Strategies")]
    [WolverinePost("/api/missions/{missionId:guid}/strategy",
        Summary = "Drafts the mission's POC strategy (one per mission; revisions inside it).")]
    public static StrategyCommand<DraftStrategy> Post(Guid missionId, DraftStrategyRequest body)
    {
        var command = new DraftStrategy(missionId, body.Title);
        return new(command, Answers.Lifecycle, $"/api/strategies/{command.StrategyId}");
    }
}

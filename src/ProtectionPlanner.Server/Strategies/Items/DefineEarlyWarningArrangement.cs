using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class DefineEarlyWarningArrangementEndpoint
{
    [Tags("Coordination")]
    [WolverinePost("/api/strategies/{strategyId:guid}/early-warning",
        Summary = "Adds a early-warning arrangement.")]
    public static StrategyCommand<DefineEarlyWarningArrangement> Post(Guid strategyId, DetailsRequest<EarlyWarningDetails> body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new DefineEarlyWarningArrangement(strategyId, id, body.Details), s => Answers.Item(s.EarlyWarning, id), $"/api/strategies/{strategyId}/early-warning/{id}");
    }
}

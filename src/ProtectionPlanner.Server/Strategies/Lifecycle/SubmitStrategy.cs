using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class SubmitStrategyEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/submit",
        Summary = "Submits the strategy for review (planners). If-Match: the strategy's version.")]
    public static StrategyCommand<SubmitStrategy> Post(Guid strategyId, CommandRequest request) =>
        new(new SubmitStrategy(strategyId), Answers.Lifecycle, ExpectedVersion: request.RequiredIfMatch());
}

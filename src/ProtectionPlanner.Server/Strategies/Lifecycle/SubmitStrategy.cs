using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>The planners' comments for the forum; the body itself may be left out.</summary>
public sealed record SubmitRequest(string? Comments = null);

public static class SubmitStrategyEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/submit",
        Summary = "Submits the strategy for review (planners), with optional comments. If-Match: the strategy's "
                  + "version; ?reason= required.")]
    public static StrategyCommand<SubmitStrategy> Post(Guid strategyId, SubmitRequest? body, CommandRequest request) =>
        new(new SubmitStrategy(strategyId, body?.Comments, request.Reason), Answers.Lifecycle,
            ExpectedVersion: request.RequiredIfMatch());
}

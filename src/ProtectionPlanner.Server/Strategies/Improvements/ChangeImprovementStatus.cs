using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

/// <param name="Reason">Why; required to drop the improvement.</param>
public sealed record ImprovementStatusRequest(ImprovementStatus Status, string? Reason);

public static class ChangeImprovementStatusEndpoint
{
    [Tags("Improvements")]
    [WolverinePost("/api/strategies/{strategyId:guid}/improvements/{improvementId:guid}/status",
        Summary = "Moves an adopted improvement to open, in progress, done, or dropped (with a reason). "
            + "If-Match: the improvement's version.")]
    public static StrategyCommand<ChangeImprovementStatus> Post(
        Guid strategyId, Guid improvementId, ImprovementStatusRequest body, CommandRequest request) =>
        new(new ChangeImprovementStatus(strategyId, improvementId, request.RequiredIfMatch(), body.Status, body.Reason),
            s => Answers.Improvement(s, improvementId));
}

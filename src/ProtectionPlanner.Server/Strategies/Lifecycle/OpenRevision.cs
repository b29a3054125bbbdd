using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>Why the revision opens; <c>?reason=</c> when the body gives none.</summary>
public sealed record OpenRevisionRequest(string? Reason);

public static class OpenRevisionEndpoint
{
    [Tags("Lifecycle")]
    [WolverinePost("/api/strategies/{strategyId:guid}/revisions",
        Summary = "Opens a new revision of an approved strategy (planners). If-Match: the strategy's version; a reason "
                  + "required (the body's, or ?reason=).")]
    public static StrategyCommand<OpenRevision> Post(
        Guid strategyId, OpenRevisionRequest body, CommandRequest request) =>
        new(new OpenRevision(strategyId, string.IsNullOrWhiteSpace(body.Reason) ? request.Reason : body.Reason),
            Answers.Lifecycle, ExpectedVersion: request.RequiredIfMatch());
}

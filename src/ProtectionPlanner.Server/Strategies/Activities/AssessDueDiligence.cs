using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record DueDiligenceRequest(DueDiligenceAssessment Assessment);

public static class AssessDueDiligenceEndpoint
{
    [Tags("Safeguards")]
    [WolverinePut("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/due-diligence",
        Summary = "Records the Human Rights Due Diligence assessment of support to a non-UN security force. If-Match: the assessment's version (none for the first).")]
    public static StrategyCommand<AssessDueDiligence> Put(Guid strategyId, Guid activityId, DueDiligenceRequest body, CommandRequest request) =>
        new(new AssessDueDiligence(strategyId, activityId, request.IfMatch, body.Assessment),
            s => s.DueDiligenceOf(activityId) is { } d ? (d, d.Stamp.Version) : (null, null));
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Strategies;

public sealed record ActivityRequest(ActivityDetails Details);

public sealed record AssignmentRequest(Guid ComponentId, Commitment Commitment);

public sealed record CommitmentRequest(Commitment Commitment);

public sealed record DueDiligenceRequest(DueDiligenceAssessment Assessment);

/// <summary>The action plan: activities, their lead and supporting components, and due-diligence assessments.</summary>
public static class ActivityEndpoints
{
    public static void MapActivityEndpoints(this RouteGroupBuilder strategy)
    {
        var activities = strategy.MapGroup("/activities").WithTags("Activities");
        activities.MapPost("/", (Guid strategyId, ActivityRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return StrategyHttp.SendAsync(http, new PlanActivity(strategyId, id, body.Details), body, ct,
                    s => StrategyHttp.Activity(s, id), $"/api/strategies/{strategyId}/activities/{id}");
            })
            .WithSummary("Plans an activity in one tier and one phase (it gets the next code, A-01, ...).");
        activities.MapGet("/{activityId:guid}", async (Guid strategyId, Guid activityId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                var activity = planning.Strategy.Activity(activityId) ?? throw new NotFound("Activity", activityId.ToString());
                return CommandHttp.Representation(http, ActivityView.Of(planning.Strategy, activity), activity.Stamp.Version);
            })
            .WithSummary("An activity with its assignments and assessment; ETag: the activity's version.").Produces<ActivityView>();
        activities.MapPut("/{activityId:guid}", (Guid strategyId, Guid activityId, ActivityRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ReviseActivity(strategyId, activityId, CommandHttp.RequiredIfMatch(http), body.Details), body, ct,
                    s => StrategyHttp.Activity(s, activityId)))
            .WithSummary("Revises an activity. If-Match: the activity's version; 409 with the current activity when someone changed it since.");
        activities.MapDelete("/{activityId:guid}", (Guid strategyId, Guid activityId, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new RemoveActivity(strategyId, activityId, CommandHttp.RequiredIfMatch(http)), null, ct))
            .WithSummary("Removes an activity planned by mistake, with its assignments. If-Match: the activity's version.");

        var activity = activities.MapGroup("/{activityId:guid}").WithTags("Assignments");
        activity.MapPut("/lead", (Guid strategyId, Guid activityId, AssignmentRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new AssignLeadComponent(strategyId, activityId, body.ComponentId, body.Commitment, CommandHttp.IfMatch(http)), body, ct,
                    s => StrategyHttp.Assignment(s, activityId, body.ComponentId)))
            .WithSummary("Makes a component the activity's one lead. If-Match: the current lead's version (none when there is no lead).");
        activity.MapPost("/supporting", (Guid strategyId, Guid activityId, AssignmentRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new AssignSupportingComponent(strategyId, activityId, body.ComponentId, body.Commitment), body, ct,
                    s => StrategyHttp.Assignment(s, activityId, body.ComponentId), $"/api/strategies/{strategyId}/activities/{activityId}/assignments/{body.ComponentId}"))
            .WithSummary("Adds a supporting component with its commitment.");
        activity.MapGet("/assignments/{componentId:guid}", async (Guid strategyId, Guid activityId, Guid componentId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                var assignment = planning.Strategy.Assignment(activityId, componentId) ?? throw new NotFound("Assignment", $"{activityId}/{componentId}");
                return CommandHttp.Representation(http, assignment, assignment.Stamp.Version);
            })
            .WithSummary("A component's assignment to the activity, with its version as ETag.").Produces<Assignment>();
        activity.MapPut("/assignments/{componentId:guid}", (Guid strategyId, Guid activityId, Guid componentId, CommitmentRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ChangeCommitment(strategyId, activityId, componentId, CommandHttp.RequiredIfMatch(http), body.Commitment), body, ct,
                    s => StrategyHttp.Assignment(s, activityId, componentId)))
            .WithSummary("Changes what an assigned component commits. If-Match: the assignment's version.");
        activity.MapDelete("/assignments/{componentId:guid}", (Guid strategyId, Guid activityId, Guid componentId, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new UnassignComponent(strategyId, activityId, componentId, CommandHttp.RequiredIfMatch(http)), null, ct))
            .WithSummary("Removes a component from the activity. If-Match: the assignment's version.");
        activity.MapPut("/due-diligence", (Guid strategyId, Guid activityId, DueDiligenceRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new AssessDueDiligence(strategyId, activityId, CommandHttp.IfMatch(http), body.Assessment), body, ct,
                    s => s.DueDiligenceOf(activityId) is { } d ? (d, d.Stamp.Version) : (null, null)))
            .WithTags("Safeguards")
            .WithSummary("Records the Human Rights Due Diligence assessment of support to a non-UN security force. If-Match: the assessment's version (none for the first).");
    }
}

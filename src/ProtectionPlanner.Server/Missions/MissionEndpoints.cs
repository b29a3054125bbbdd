using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Missions;

public sealed record RegisterMissionRequest(Guid? MissionId, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate);

public sealed record MandateRequest(Mandate Mandate);

public sealed record AreaRequest(string Name, string? Description);

public sealed record AddComponentRequest(ComponentKind Kind, string Name, Capacity Capacity);

public sealed record ReviseComponentRequest(string Name, Capacity Capacity);

public sealed record PartnerRequest(PartnerKind Kind, string Name, string? Description);

public sealed record MemberRequest(Role Role, Guid? ComponentId);

/// <summary>A mission as its members see it, with the strategy's id and the reader's own role.</summary>
public sealed record MissionView(
    Guid Id, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate,
    IReadOnlyList<AreaOfOperation> Areas, IReadOnlyList<Component> Components, IReadOnlyList<Partner> Partners,
    IReadOnlyList<Member> Members, Guid StrategyId, bool HasStrategy, Role? YourRole, long Version);

public sealed record MissionSummary(Guid Id, string Name, string Acronym, MissionKind Kind, string HostState, Guid StrategyId, Role? YourRole, DateTimeOffset Updated);

/// <summary>Missions: their profile (mandate, areas, components with capacity, partners) and members.</summary>
public static class MissionEndpoints
{
    public static void MapMissionEndpoints(this IEndpointRouteBuilder app)
    {
        var missions = app.MapGroup("/api/missions").WithTags("Missions");
        missions.MapGet("/", ListAsync).WithSummary("The missions you can read.");
        missions.MapPost("/", RegisterAsync).WithSummary("Registers a mission (administrators).");

        var mission = missions.MapGroup("/{missionId:guid}");
        mission.MapGet("/", GetAsync).WithSummary("A mission's profile and members.");
        mission.MapGet("/areas/{areaId:guid}", (Guid missionId, Guid areaId, HttpContext http, PlanningStates states, CancellationToken ct) =>
            PartAsync(http, states, missionId, m => m.Areas.FirstOrDefault(a => a.Id == areaId), "Area of operation", areaId, ct)).WithSummary("An area of operation.");
        mission.MapGet("/components/{componentId:guid}", (Guid missionId, Guid componentId, HttpContext http, PlanningStates states, CancellationToken ct) =>
            PartAsync(http, states, missionId, m => m.Component(componentId), "Component", componentId, ct)).WithSummary("A component and its capacity.");
        mission.MapGet("/partners/{partnerId:guid}", (Guid missionId, Guid partnerId, HttpContext http, PlanningStates states, CancellationToken ct) =>
            PartAsync(http, states, missionId, m => m.Partners.FirstOrDefault(p => p.Id == partnerId), "Partner", partnerId, ct)).WithSummary("A partner.");
        mission.MapPut("/mandate", (Guid missionId, MandateRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new UpdateMandate(missionId, body.Mandate), body, ct)).WithSummary("Updates the mandate.");
        mission.MapPost("/areas", (Guid missionId, AreaRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
        {
            var id = CommandHttp.NewId(http, body);
            return Send(http, pipeline, new AddAreaOfOperation(missionId, id, body.Name, body.Description), body, ct, m => m.Areas.FirstOrDefault(a => a.Id == id), $"/api/missions/{missionId}/areas/{id}");
        }).WithSummary("Adds an area of operation.");
        mission.MapDelete("/areas/{areaId:guid}", (Guid missionId, Guid areaId, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new RemoveAreaOfOperation(missionId, areaId), null, ct)).WithSummary("Removes an area of operation.");
        mission.MapPost("/components", (Guid missionId, AddComponentRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
        {
            var id = CommandHttp.NewId(http, body);
            return Send(http, pipeline, new AddComponent(missionId, id, body.Kind, body.Name, body.Capacity), body, ct, m => m.Component(id), $"/api/missions/{missionId}/components/{id}");
        }).WithSummary("Adds a component with its capacity.");
        mission.MapPut("/components/{componentId:guid}", (Guid missionId, Guid componentId, ReviseComponentRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new ReviseComponent(missionId, componentId, body.Name, body.Capacity), body, ct, m => m.Component(componentId)))
            .WithSummary("Renames a component or changes its capacity.");
        mission.MapDelete("/components/{componentId:guid}", (Guid missionId, Guid componentId, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new RemoveComponent(missionId, componentId), null, ct)).WithSummary("Removes a component.");
        mission.MapPost("/partners", (Guid missionId, PartnerRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
        {
            var id = CommandHttp.NewId(http, body);
            return Send(http, pipeline, new AddPartner(missionId, id, body.Kind, body.Name, body.Description), body, ct, m => m.Partners.FirstOrDefault(p => p.Id == id), $"/api/missions/{missionId}/partners/{id}");
        }).WithSummary("Adds a partner (UN Country Team agency, host-state body, civil society).");
        mission.MapDelete("/partners/{partnerId:guid}", (Guid missionId, Guid partnerId, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new RemovePartner(missionId, partnerId), null, ct)).WithSummary("Removes a partner.");
        mission.MapPut("/members/{userName}", (Guid missionId, string userName, MemberRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new AssignMember(missionId, userName, body.Role, body.ComponentId), body, ct, m => m.Members.FirstOrDefault(x => x.UserName == userName)))
            .WithSummary("Gives a user a role in the mission (administrators).");
        mission.MapDelete("/members/{userName}", (Guid missionId, string userName, HttpContext http, CommandPipeline pipeline, CancellationToken ct) =>
            Send(http, pipeline, new RemoveMember(missionId, userName), null, ct)).WithSummary("Removes a member (administrators).");
    }

    private static async Task<IResult> RegisterAsync(RegisterMissionRequest body, HttpContext http, CommandPipeline pipeline, CancellationToken ct)
    {
        var options = CommandHttp.Options(http, body);
        var id = body.MissionId ?? options.NewIds(CommandHttp.Actor(http).UserName)();
        var outcome = await pipeline.SendToMissionAsync(CommandHttp.Actor(http),
            new RegisterMission(id, body.Name, body.Acronym, body.Kind, body.HostState, body.Mandate), options, ct);
        return CommandHttp.Respond(http, outcome, View(outcome.State, CommandHttp.Actor(http)), created: $"/api/missions/{id}");
    }

    private static async Task<IResult> Send<TCommand>(
        HttpContext http, CommandPipeline pipeline, TCommand command, object? body, CancellationToken ct,
        Func<Mission, object?>? item = null, string? created = null) where TCommand : IMissionCommand<TCommand>
    {
        var outcome = await pipeline.SendToMissionAsync(CommandHttp.Actor(http), command,
            CommandHttp.Options(http, body, CommandHttp.IfMatch(http)), ct);
        return CommandHttp.Respond(http, outcome, item?.Invoke(outcome.State), created: created);
    }

    /// <summary>The mission, if the user may read it.</summary>
    private static async Task<Mission> ReadAsync(HttpContext http, PlanningStates states, Guid missionId, CancellationToken ct)
    {
        var mission = await states.MissionAsync(missionId, ct);
        if (!mission.Exists) throw new Domain.Common.NotFound("Mission", missionId.ToString());
        CommandPipeline.Authorize(CommandHttp.Actor(http), mission, Permission.ReadMission);
        return mission;
    }

    private static async Task<IResult> PartAsync(
        HttpContext http, PlanningStates states, Guid missionId, Func<Mission, object?> part, string kind, Guid id, CancellationToken ct)
    {
        var mission = await ReadAsync(http, states, missionId, ct);
        return CommandHttp.Representation(http, part(mission) ?? throw new Domain.Common.NotFound(kind, id.ToString()), mission.Version);
    }

    private static async Task<IResult> GetAsync(Guid missionId, HttpContext http, PlanningStates states, CancellationToken ct)
    {
        var mission = await ReadAsync(http, states, missionId, ct);
        var actor = CommandHttp.Actor(http);
        var hasStrategy = (await states.StrategyAsync(mission.StrategyId, ct)).Exists;
        return CommandHttp.Representation(http, View(mission, actor) with { HasStrategy = hasStrategy }, mission.Version);
    }

    private static async Task<IResult> ListAsync(HttpContext http, EventStore.EventStore store, PlanningStates states, CancellationToken ct)
    {
        var actor = CommandHttp.Actor(http);
        var visible = new List<MissionSummary>();
        foreach (var stream in await store.ListStreamsAsync("mission", cancellationToken: ct))
        {
            var mission = await states.MissionAsync(stream.Id, ct);
            var role = mission.RoleOf(actor.UserName);
            if (Access.ActingRole(Permission.ReadMission, role, actor.GlobalRoles) is null) continue;
            visible.Add(new MissionSummary(mission.Id, mission.Name, mission.Acronym, mission.Kind, mission.HostState, mission.StrategyId, role, stream.Updated));
        }
        return TypedResults.Ok(visible);
    }

    public static MissionView View(Mission mission, Actor actor) => new(
        mission.Id, mission.Name, mission.Acronym, mission.Kind, mission.HostState, mission.Mandate, mission.Areas, mission.Components,
        mission.Partners, mission.Members, mission.StrategyId, HasStrategy: false, mission.RoleOf(actor.UserName), mission.Version);
}

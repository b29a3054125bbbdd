using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Missions;

/// <summary>A mission as its members see it, with the strategy's id and the reader's own role.</summary>
public sealed record MissionView(
    Guid Id, string Name, string Acronym, MissionKind Kind, string HostState, Mandate Mandate,
    IReadOnlyList<AreaOfOperation> Areas, IReadOnlyList<Component> Components, IReadOnlyList<Partner> Partners,
    IReadOnlyList<Member> Members, Guid StrategyId, bool HasStrategy, Role? YourRole, long Version)
{
    /// <summary>The mandate's version (If-Match of its edit) and who changed it last.</summary>
    public ItemStamp? MandateStamp { get; init; }

    public static MissionView Of(Mission mission, Actor actor) => new(
        mission.Id, mission.Name, mission.Acronym, mission.Kind, mission.HostState, mission.Mandate, mission.Areas, mission.Components,
        mission.Partners, mission.Members, mission.StrategyId, HasStrategy: false, mission.RoleOf(actor.UserName),
        mission.Version)
    {
        MandateStamp = mission.MandateStamp,
    };
}

public sealed record MissionSummary(
    Guid Id, string Name, string Acronym, MissionKind Kind, string HostState, Guid StrategyId, Role? YourRole, DateTimeOffset Updated);

/// <summary>Reading missions: their profile (mandate, areas, components with capacity, partners) and members.</summary>
public static class MissionQueries
{
    public static void MapMissionQueries(this IEndpointRouteBuilder app)
    {
        var missions = app.MapGroup("/api/missions").WithTags("Missions");
        missions.MapGet("/", ListAsync).WithSummary("The missions you can read.")
            .Produces<IReadOnlyList<MissionSummary>>();
        var mission = missions.MapGroup("/{missionId:guid}");
        mission.MapGet("/", GetAsync).WithSummary("A mission's profile and members.").Produces<MissionView>();
        mission.MapGet("/areas/{areaId:guid}", (Guid missionId, Guid areaId, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            PartAsync(http, session, missionId, m => MissionAnswers.Of(m.Area(areaId)), "Area of operation", areaId,
                ct))
            .WithSummary("An area of operation.");
        mission.MapGet("/components/{componentId:guid}", (Guid missionId, Guid componentId, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            PartAsync(http, session, missionId, m => MissionAnswers.Of(m.Component(componentId)), "Component",
                componentId, ct)).WithSummary("A component and its capacity.");
        mission.MapGet("/partners/{partnerId:guid}", (Guid missionId, Guid partnerId, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            PartAsync(http, session, missionId, m => MissionAnswers.Of(m.Partner(partnerId)), "Partner", partnerId, ct))
            .WithSummary("A partner.");
    }

    /// <summary>The mission as it is now, if the user may read it.</summary>
    public static async Task<Mission> ReadAsync(HttpContext http, IDocumentSession session, Guid missionId, CancellationToken ct)
    {
        var mission = await session.LatestAsync<Mission>(missionId, ct);
        if (mission is not { Exists: true }) throw new NotFound("Mission", missionId.ToString());
        Authorization.Authorize(CommandHttp.Actor(http), mission, Permission.ReadMission);
        return mission;
    }

    private static async Task<IResult> PartAsync(
        HttpContext http, IDocumentSession session, Guid missionId, Func<Mission, (object? Item, long? Version)> part,
        string kind, Guid id, CancellationToken ct)
    {
        var mission = await ReadAsync(http, session, missionId, ct);
        var (item, version) = part(mission);
        return CommandHttp.Representation(
            http, item ?? throw new NotFound(kind, id.ToString()), version ?? mission.Version);
    }

    private static async Task<IResult> GetAsync(Guid missionId, HttpContext http, IDocumentSession session, CancellationToken ct)
    {
        var mission = await ReadAsync(http, session, missionId, ct);
        var hasStrategy = await session.Events.FetchStreamStateAsync(mission.StrategyId, ct) is not null;
        return CommandHttp.Representation(http, MissionView.Of(mission, CommandHttp.Actor(http)) with { HasStrategy = hasStrategy }, mission.Version);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDocumentSession session, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var actor = CommandHttp.Actor(http);
        var visible = new List<MissionSummary>();
        foreach (var (mission, updated) in await AllAsync(session, dataSource, ct))
        {
            var role = mission.RoleOf(actor.UserName);
            if (Access.ActingRole(Permission.ReadMission, role, actor.GlobalRoles) is null) continue;
            visible.Add(new MissionSummary(mission.Id, mission.Name, mission.Acronym, mission.Kind, mission.HostState, mission.StrategyId, role, updated));
        }
        return TypedResults.Ok(visible);
    }

    /// <summary>Every mission as it is now, in the order they were registered, with when each last changed.</summary>
    public static async Task<IReadOnlyList<(Mission Mission, DateTimeOffset Updated)>> AllAsync(
        IDocumentSession session, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var streams = dataSource.CreateCommand(
            $"select id, timestamp from {MartenSetup.Schema}.mt_streams where type = @type order by created");
        streams.Parameters.AddWithValue("type", MartenSetup.StreamType<Mission>());
        var found = new List<(Guid Id, DateTimeOffset Updated)>();
        await using (var reader = await streams.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) found.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        var missions = new List<(Mission, DateTimeOffset)>();
        foreach (var (id, updated) in found)
            if (await session.LatestAsync<Mission>(id, ct) is { Exists: true } mission)
                missions.Add((mission, updated));
        return missions;
    }
}

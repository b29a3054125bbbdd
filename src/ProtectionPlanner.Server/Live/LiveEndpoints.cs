using System.Text.Json;
using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Live;

/// <summary>Queries of the read models, with a bounded wait for a version (read your own write), and the hub.</summary>
public static class LiveEndpoints
{
    public const int DefaultWaitMs = 5000;
    public const int MaxWaitMs = 30_000;

    public static void MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHub<PlanningHub>("/hubs/planning");

        app.MapGet("/api/portfolio", async (HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                var actor = CommandHttp.Actor(http);
                var entries = new List<PortfolioEntry>();
                await using var query = dataSource.CreateCommand("select data::text from planner.mission_views");
                await using var reader = await query.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var dashboard = JsonSerializer.Deserialize<MissionDashboard>(reader.GetString(0), Json(http))!;
                    if (MayRead(actor, dashboard)) entries.Add(PortfolioEntry.Of(dashboard));
                }
                return TypedResults.Ok(entries.OrderBy(e => e.Acronym, StringComparer.Ordinal).ToList());
            })
            .WithTags("Views").WithSummary("The missions you can read, each with its strategy's stage and open coherence findings, and the last change.")
            .Produces<List<PortfolioEntry>>();

        app.MapGet("/api/missions/{missionId:guid}/dashboard", async (Guid missionId, HttpContext http, CancellationToken ct) =>
            {
                var (version, data) = await ReadAsync(http, async (dataSource, token) =>
                {
                    await using var query = dataSource.CreateCommand(
                        "select version, data::text from planner.mission_views where mission_id = @id");
                    query.Parameters.AddWithValue("id", missionId);
                    await using var reader = await query.ExecuteReaderAsync(token);
                    return await reader.ReadAsync(token) ? (reader.GetInt64(0), reader.GetString(1)) : null;
                }, $"m:{missionId}", missionId, "Mission", ct);
                var dashboard = JsonSerializer.Deserialize<MissionDashboard>(data, Json(http))!;
                if (!MayRead(CommandHttp.Actor(http), dashboard)) throw new Forbidden($"{CommandHttp.Actor(http).UserName} may not read mission {dashboard.Acronym}.");
                return Raw(http, data, version);
            })
            .WithTags("Views").WithSummary("A mission's dashboard: profile, components and capacity, members, its strategy, component workload. ?minVersion=N waits for the mission's version N.")
            .Produces<MissionDashboard>();

        app.MapGet("/api/strategies/{strategyId:guid}/view", async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                var (version, view) = await ReadViewAsync(http, strategyId, ct);
                using (view) return Raw(http, view.RootElement.GetRawText(), version);
            })
            .WithTags("Views").WithSummary("The plan view of the workspace. ?minVersion=N waits (at most ?waitMs=) until it reflects stream version N.")
            .Produces<PlanView>();

        app.MapGet("/api/strategies/{strategyId:guid}/coherence", async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                var (version, view) = await ReadViewAsync(http, strategyId, ct);
                using (view) return Raw(http, view.RootElement.GetProperty("coherence").GetRawText(), version);
            })
            .WithTags("Views").WithSummary("The coherence view: threat x tier x phase coverage, component workload, and findings. ?minVersion=N as for the view.")
            .Produces<Domain.Strategies.CoherenceReport>();
    }

    /// <summary>A strategy's plan view (waiting for <c>?minVersion=</c>), refused (403) to a user who may not read its mission.</summary>
    private static async Task<(long Version, JsonDocument View)> ReadViewAsync(HttpContext http, Guid strategyId, CancellationToken ct)
    {
        var (version, data) = await ReadAsync(http, async (dataSource, token) =>
        {
            await using var query = dataSource.CreateCommand(
                PlanningViews.ViewQuery("planner.strategy_views", "planner.strategy_view_items"));
            return await PlanningViews.ReadViewAsync(query, strategyId, ExecuteReaderAsync, token) is { } view
                ? (view.StreamVersion, view.View.ToJson()) : null;
        }, $"s:{strategyId}", strategyId, "Strategy", ct);
        var view = JsonDocument.Parse(data);
        try
        {
            var mission = await http.RequestServices.GetRequiredService<IDocumentStore>()
                .MissionAsync(view.RootElement.GetProperty("missionId").GetGuid(), ct);
            Authorization.Authorize(CommandHttp.Actor(http), mission, Permission.ReadMission);
            return (version, view);
        }
        catch
        {
            view.Dispose();
            throw;
        }
    }

    private static async Task<System.Data.Common.DbDataReader> ExecuteReaderAsync(
        NpgsqlCommand query, CancellationToken ct) =>
        await query.ExecuteReaderAsync(ct);

    private static bool MayRead(Actor actor, MissionDashboard mission) =>
        Access.ActingRole(Permission.ReadMission, mission.Members.FirstOrDefault(m => m.UserName == actor.UserName)?.Role, actor.GlobalRoles) is not null;

    /// <summary>
    /// Reads a read model's (version, document) with <paramref name="read"/> (null when it has none); with
    /// <c>?minVersion=</c>, waits until its version reaches it, woken by the projection's notifications. 404 when it
    /// never appears; 503 when the wait runs out first.
    /// </summary>
    private static async Task<(long Version, string Data)> ReadAsync(
        HttpContext http, Func<NpgsqlDataSource, CancellationToken, Task<(long Version, string Data)?>> read, string key, Guid id, string what, CancellationToken ct)
    {
        var minVersion = CommandHttp.QueryNumber(http, "minVersion", 0, long.MaxValue) ?? 0;
        var waitMs = CommandHttp.QueryNumber(http, "waitMs", 0, MaxWaitMs) ?? DefaultWaitMs;
        var dataSource = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        (long Version, string Data)? row = null;
        async Task<bool> Reached(CancellationToken token)
        {
            row = await read(dataSource, token) ?? row;
            return row?.Version >= minVersion;
        }
        if (minVersion == 0 ? await Reached(ct) : await http.RequestServices.GetRequiredService<LiveViews>().WaitUntilAsync(key, Reached, TimeSpan.FromMilliseconds(waitMs), ct))
            return row!.Value;
        if (minVersion == 0) throw new NotFound(what, id.ToString());
        throw new BadRequest(503, "view-behind", "View not at that version yet", $"The view of {what.ToLowerInvariant()} {id} has not reached version {minVersion} within {waitMs} ms; try again.");
    }

    private static IResult Raw(HttpContext http, string json, long version)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Text(json, "application/json");
    }

    private static JsonSerializerOptions Json(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
}

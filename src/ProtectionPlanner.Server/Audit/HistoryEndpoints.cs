using System.Globalization;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Live;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Audit;

/// <summary>An item a history entry touched (a link: kind and id), and how.</summary>
public sealed record TouchedItem(string Kind, string Op, string? Id);

/// <summary>One change of a strategy's plan: who, in what role, when, why, which event, a sentence (in the request's
/// language), and the items touched.</summary>
public sealed record HistoryEntry(
    Guid StrategyId, Guid MissionId, long ViewVersion, long StreamVersion, DateTimeOffset At, string Actor, string? Role, string Event,
    string? Reason, string Summary, IReadOnlyList<TouchedItem> Items);

/// <summary>A page of history; <c>Next</c> is the cursor of the following page (null at the end).</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, string? Next);

/// <summary>
/// The history of strategies, from the view-change log: one entry per change, filtered by actor, role, item,
/// component, change kind, event, date range; newest or oldest first; pages with stable cursors (keyset on time,
/// strategy, view version, so entries added meanwhile never shift a page).
/// </summary>
public static class HistoryEndpoints
{
    public const int MaxLimit = 500;

    public static void MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/strategies/{strategyId:guid}/history", async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                await StrategyHttp.ReadAsync(http, strategyId, ct);
                return TypedResults.Ok(await PageAsync(http, [strategyId], ct));
            })
            .WithTags("Audit").WithSummary("A strategy's history, newest first (?order=asc for oldest first). Filters: actor, role, item, component, kind, event, from, to; ?limit= (max 500) and ?cursor= from the previous page's next.")
            .Produces<HistoryPage>();

        app.MapGet("/api/history", async (HttpContext http, IDocumentSession session, NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                var actor = CommandHttp.Actor(http);
                var readable = (await MissionQueries.AllAsync(session, dataSource, ct))
                    .Where(m => Access.ActingRole(Permission.ReadMission, m.Mission.RoleOf(actor.UserName), actor.GlobalRoles) is not null)
                    .Select(m => m.Mission.StrategyId).ToList();
                return TypedResults.Ok(await PageAsync(http, readable, ct));
            })
            .WithTags("Audit").WithSummary("The history of every strategy you can read, across missions; the same filters and paging.")
            .Produces<HistoryPage>();
    }

    /// <summary>Every entry the request's filters select, oldest first.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>> AllAsync(HttpContext http, IReadOnlyList<Guid> strategies, CancellationToken ct)
    {
        var entries = new List<HistoryEntry>();
        string? cursor = null;
        do
        {
            var page = await PageAsync(http, strategies, ct, descending: false, limit: MaxLimit, cursor);
            entries.AddRange(page.Entries);
            cursor = page.Next;
        }
        while (cursor is not null);
        return entries;
    }

    private static async Task<HistoryPage> PageAsync(
        HttpContext http, IReadOnlyList<Guid> strategies, CancellationToken ct, bool? descending = null, int? limit = null, string? cursor = null)
    {
        var query = http.Request.Query;
        var newestFirst = descending ?? ((query["order"].ToString() is var order && order is "" or "desc") || (order == "asc" ? false
            : throw new BadRequest(400, "validation", "Invalid request", "must be 'asc' or 'desc'.", "order")));
        var size = limit ?? (int)(CommandHttp.QueryNumber(http, "limit", 1, MaxLimit) ?? 50);
        var from = Moment(query["from"], "from");
        var to = Moment(query["to"], "to");
        var component = query["component"].ToString();
        if (component.Length > 0 && !Guid.TryParse(component, out _)) throw new BadRequest(400, "validation", "Invalid request", "must be a component id.", "component");
        var after = Cursor(cursor ?? query["cursor"]);

        var sql = new StringBuilder($"""
            select strategy_id, mission_id, view_version, stream_version, at, actor, role, event, data::text
            from {MartenSetup.Schema}.strategy_changes where strategy_id = any(@strategies)
            """);
        await using var command = http.RequestServices.GetRequiredService<NpgsqlDataSource>().CreateCommand();
        command.Parameters.AddWithValue("strategies", strategies.ToArray());
        void Filter(string name, string condition)
        {
            var value = query[name].ToString();
            if (value.Length == 0) return;
            if (value.Length > 200) throw new BadRequest(400, "validation", "Invalid request", "is longer than 200 characters.", name);
            sql.Append(" and ").Append(condition);
            command.Parameters.AddWithValue(name, value);
        }
        Filter("actor", "actor = @actor");
        Filter("role", "role = @role");
        Filter("event", "event = @event");
        Filter("kind", "@kind = any(kinds)");
        Filter("item", "@item = any(items)");
        if (component.Length > 0)
        {
            sql.Append(" and (@component = any(items) or strpos(data::text, @component) > 0)");
            command.Parameters.AddWithValue("component", component);
        }
        if (from is { } start) { sql.Append(" and at >= @from"); command.Parameters.AddWithValue("from", start); }
        if (to is { } end) { sql.Append(" and at <= @to"); command.Parameters.AddWithValue("to", end); }
        if (after is { } c)
        {
            sql.Append(newestFirst ? " and (at, strategy_id, view_version) < (@cat, @cstrategy, @cversion)" : " and (at, strategy_id, view_version) > (@cat, @cstrategy, @cversion)");
            command.Parameters.AddWithValue("cat", c.At);
            command.Parameters.AddWithValue("cstrategy", c.Strategy);
            command.Parameters.AddWithValue("cversion", c.Version);
        }
        var direction = newestFirst ? "desc" : "asc";
        sql.Append($" order by at {direction}, strategy_id {direction}, view_version {direction} limit @limit");
        command.Parameters.AddWithValue("limit", size + 1);
        command.CommandText = sql.ToString();

        var json = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var french = Languages.RequestLanguage.Of(http) == Languages.Language.Fr;
        var entries = new List<HistoryEntry>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var change = JsonSerializer.Deserialize<ViewChange>(reader.GetString(8), json)!;
                entries.Add(new HistoryEntry(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
                    change.Reason,
                    french ? change.FrenchSummary ?? change.Summary : change.Summary,
                    change.Changes.Select(i => new TouchedItem(i.Kind, i.Op, i.Id)).ToList()));
            }
        var more = entries.Count > size;
        if (more) entries.RemoveAt(size);
        var last = entries.LastOrDefault();
        return new HistoryPage(entries, more && last is not null
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.At.UtcTicks}|{last.StrategyId}|{last.ViewVersion}")) : null);
    }

    private static (DateTimeOffset At, Guid Strategy, long Version)? Cursor(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('|');
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), Guid.Parse(parts[1]), long.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new BadRequest(400, "validation", "Invalid request", "is not a cursor this API gave.", "cursor");
        }
    }

    private static DateTimeOffset? Moment(string? text, string name) =>
        string.IsNullOrEmpty(text) ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime()
        : throw new BadRequest(400, "validation", "Invalid request", "must be an ISO 8601 date or moment.", name);
}

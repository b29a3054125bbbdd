using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Audit;

/// <summary>A version of a stream and its hash-chain digest: the <c>hash</c> header of the event at that
/// version.</summary>
public sealed record VersionDigest(Guid StreamId, long Version, DateTimeOffset At, string Hash)
;

/// <summary>
/// <c>GET /api/strategies/{id}/digest?version=N</c> (version optional: now): what a signed copy of the document at
/// that version is checked against, without reading the whole record.
/// </summary>
public static class VersionDigestEndpoint
{
    public static void MapVersionDigest(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/strategies/{strategyId:guid}/digest", async (
                Guid strategyId, long? version, HttpContext http, NpgsqlDataSource dataSource, IDocumentStore store,
                CancellationToken ct) =>
            {
                var strategy = (await StrategyHttp.ReadAsync(http, strategyId, ct)).Strategy;
                var digest = await AtAsync(dataSource, store.Options.Events.DatabaseSchemaName, strategyId,
                    version ?? strategy.Version, ct);
                return TypedResults.Ok(digest);
            })
            .WithTags("Audit")
            .WithSummary("The hash-chain digest of the strategy at ?version= (default: now): the hash of the " +
                         "event at that version, as in the record's export. 404 for a version the stream lacks.")
            .Produces<VersionDigest>();

    /// <summary>The digest of <paramref name="streamId"/> at <paramref name="version"/>, as stored.</summary>
    public static async Task<VersionDigest> AtAsync(
        NpgsqlDataSource dataSource, string schema, Guid streamId, long version, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select timestamp, headers ->> '{HashChain.Header}' from {schema}.mt_events " +
            "where stream_id = @stream and version = @version");
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("version", version);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(1))
            throw new NotFound("Version", $"{version} of strategy {streamId}");
        return new VersionDigest(streamId, version, reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1));
    }
}

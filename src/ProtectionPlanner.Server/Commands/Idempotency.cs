using Marten;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// The first answer to a keyed command, stored in the same transaction as its events (so a command is answered as
/// done only when both are), and kept for good: a repeat, whenever and on whichever node it comes, gets this answer.
/// The position is not stored: it is known only at commit, and read again from the event when a repeat is answered.
/// </summary>
/// <param name="Id">The user and the key (<see cref="CommandRequest.CommandId"/>).</param>
/// <param name="Fingerprint">The request it answered: the same key with another request is refused.</param>
/// <param name="Version">The version its last event got; none when it changed nothing (a repeat changes nothing
/// either, whatever happened since).</param>
public sealed record IdempotencyRecord(
    string Id, string Fingerprint, Guid StreamId, long? Version, int Status, string ETag, string? Location,
    string Body);

/// <summary>A repeat of a keyed command already committed: answered with the first answer (<see cref="Repeats"/>).</summary>
public sealed class RepeatedRequest(IdempotencyRecord record) : Exception($"Command {record.Id} was done already.")
{
    public IdempotencyRecord Record { get; } = record;
}

/// <summary>An idempotency key was reused for a different request (HTTP 422).</summary>
public sealed class IdempotencyKeyReused() : Exception("This Idempotency-Key was already used for a different request.");

public static class Idempotency
{
    /// <summary>
    /// Looks for a first answer to this keyed command, inside the stream's lock: a concurrent repeat waited for the
    /// first to commit and finds its answer here. Throws <see cref="RepeatedRequest"/> (the first answer) or
    /// <see cref="IdempotencyKeyReused"/>; without a key, or for a first request, it does nothing.
    /// </summary>
    public static Task CheckAsync<TCommand>(
        TCommand command, CommandRequest request, IDocumentSession session, HttpContext http, CancellationToken ct)
        where TCommand : notnull =>
        CheckRouteAsync(command, $"{http.Request.Method} {http.Request.Path}", request, session, ct);

    public static async Task CheckRouteAsync(object command, string route, CommandRequest request, IDocumentSession session, CancellationToken ct)
    {
        if (request.IdempotencyKey is null) return;
        request.Fingerprint = request.FingerprintOf(route, command);
        Answer(await session.LoadAsync<IdempotencyRecord>(request.CommandId, ct), request);
    }

    /// <summary>After a commit lost to a concurrent request (a new stream, or the same key): its answer, if it was
    /// this command.</summary>
    public static async Task ThrowIfRepeatedAsync(IDocumentStore store, CommandRequest request, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        Answer(await session.LoadAsync<IdempotencyRecord>(request.CommandId, ct), request);
    }

    private static void Answer(IdempotencyRecord? record, CommandRequest request)
    {
        if (record is null) return;
        if (record.Fingerprint != request.Fingerprint) throw new IdempotencyKeyReused();
        throw new RepeatedRequest(record);
    }
}

/// <summary>Answers a repeat with the first answer: its status, ETag, Location and body, with the position its last
/// event got. The <see cref="CommandWorkflow"/> catches <see cref="RepeatedRequest"/> in each command's handler.</summary>
public static class Repeats
{
    public static async Task AnswerAsync(RepeatedRequest repeat, HttpContext http, IDocumentStore store, Operations.PlannerMetrics metrics)
    {
        var record = repeat.Record;
        if (CommandTiming.Of(http) is { } timing)
            metrics.CommandHandled(timing.Command, repeated: true, changed: record.Version is not null, timing.Elapsed);
        await using var session = store.QuerySession();
        var last = record.Version is not { } version ? null : await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == record.StreamId && e.Version == version).FirstOrDefaultAsync(http.RequestAborted);
        http.Response.StatusCode = record.Status;
        http.Response.Headers.ETag = record.ETag;
        if (record.Location is not null) http.Response.Headers.Location = record.Location;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(CommandAnswer.WithPosition(record.Body, last?.Sequence), http.RequestAborted);
    }
}

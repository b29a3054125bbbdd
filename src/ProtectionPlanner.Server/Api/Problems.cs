using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Languages;

namespace ProtectionPlanner.Server.Api;

/// <summary>A request the API refuses before it reaches the domain (malformed header, missing precondition, too big).</summary>
public sealed class BadRequest(int status, string type, string title, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public string? Field { get; } = field;
}

/// <summary>
/// Turns every refusal into RFC 7807 ProblemDetails with a stable <c>type</c> (docs/api.md lists them): 400 invalid
/// input (field errors), 403 not allowed, 404 unknown id, 409 conflict (with the item as it is now), 412 stale If-Match,
/// 413 body too large, 415 not JSON, 422 business rule, 428 If-Match required, 503 database unavailable or too many concurrent changes.
/// </summary>
public sealed class Problems(ILogger<Problems> logger, Operations.PlannerMetrics metrics) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (CommandTiming.Of(http) is { } timing) metrics.CommandFailed(timing.Command, exception, timing.Elapsed);
        var problem = exception switch
        {
            ValidationFailed e => Validation(e.Errors),
            BadHttpRequestException { InnerException: JsonException json } => Field(JsonFieldHints.Explain(RequestType(http), json.Path, json.Message)),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem(413, "too-large", "Request body too large", exception.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => Problem(415, "unsupported-media-type", "Unsupported media type", exception.Message),
            BadHttpRequestException e => Problem(400, "bad-request", "Bad request", e.Message),
            BadRequest e when e.Field is not null => Field((e.Field, e.Message)),
            BadRequest e => Problem(e.Status, e.Type, e.Title, e.Message),
            Forbidden e => Problem(403, "forbidden", "Not allowed", e.Message),
            NotFound e => Problem(404, "not-found", $"{e.What} not found", e.Message),
            ItemConflict e => Conflict(e),
            StateConflict e => Problem(409, $"state-conflict/{e.Code}", "Conflicts with the current state", e.Message, ("code", e.Code)),
            PreconditionFailed e => Problem(412, "precondition-failed", "Stale version", e.Message, ("currentVersion", e.CurrentVersion)),
            IdempotencyKeyReused e => Problem(422, "idempotency-key-reused", "Idempotency-Key reused", e.Message),
            RuleViolated e => Problem(422, $"rule-violated/{e.Code}", "Refused by a business rule", e.Message, ("code", e.Code), ("problems", e.Problems)),
            // The stream stayed locked by other commands longer than this one may wait: the request is fine, retry it.
            JasperFx.ConcurrencyException or Marten.Exceptions.StreamLockedException => Problem(503, "busy", "Too many concurrent changes",
                "The strategy kept changing while this command waited for its turn; retry shortly."),
            // A text from the request (a query filter, say) with U+0000, which PostgreSQL cannot take as text or in JSON.
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
                Problem(400, "bad-request", "Bad request", $"The request holds a character the database cannot store: {TextWithoutNul.Refusal}"),
            // The database could not be reached or went away; an error PostgreSQL reports for a statement is a bug (500).
            _ when Hosting.DatabaseFault.IsUnavailable(exception) => Unavailable(exception),
            _ => null,
        };
        if (problem is null) return false;
        if (RequestLanguage.Of(http) == Language.Fr) ProblemsInFrench.Translate(problem, exception);
        if (problem.Status == 503) http.Response.Headers.RetryAfter = problem.Type == "/problems/view-behind" ? "1" : "5";
        problem.Instance = http.Request.Path;
        http.Response.StatusCode = problem.Status!.Value;
        await http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    public static ProblemDetails Problem(int status, string type, string title, string detail, params (string Name, object? Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Type = $"/problems/{type}", Title = title, Detail = detail };
        foreach (var (name, value) in extensions) problem.Extensions[name] = value;
        return problem;
    }

    private static ValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400, Type = "/problems/validation", Title = "Invalid request",
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        };

    private static ValidationProblemDetails Field((string Field, string Message) error) =>
        Validation(new Dictionary<string, string[]> { [error.Field] = [error.Message] });

    /// <summary>The body type of the endpoint that failed (the exception handler has cleared the current endpoint).</summary>
    private static Type? RequestType(HttpContext http) =>
        http.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;

    private static ProblemDetails Conflict(ItemConflict e) => Problem(409, "item-conflict", $"{e.ItemKind} changed meanwhile", e.Message,
        ("itemKind", e.ItemKind), ("itemId", e.ItemId), ("yourVersion", e.ExpectedVersion), ("currentVersion", e.Current.Version),
        ("changedBy", e.Current.ChangedBy), ("changedAt", e.Current.ChangedAt), ("current", e.CurrentItem));

    private ProblemDetails Unavailable(Exception e)
    {
        logger.LogWarning(e, "Database unavailable");
        return Problem(503, "unavailable", "Database unavailable", "The database is not reachable; retry shortly.");
    }
}

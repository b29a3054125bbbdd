using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.Events;
using Marten;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Operations;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Http;
using Wolverine.Runtime.Handlers;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// The answer to a command, made before its commit (so a keyed command stores it with its events) and sent after it
/// with the position its last event got.
/// </summary>
public sealed record CommandAnswer(int Status, string ETag, string? Location, string Body, IReadOnlyList<IEvent> Events)
{
    public static CommandAnswer Of(
        IOptions<JsonOptions> json, Guid streamId, long version, IReadOnlyList<IEvent> events, object? item, long? itemVersion, string? created)
    {
        var changed = events.Count > 0;
        var body = JsonSerializer.Serialize(new CommandResponse(streamId, version, null, changed, item), json.Value.SerializerOptions);
        return new CommandAnswer(created is not null && changed ? 201 : 200, $"\"{itemVersion ?? version}\"",
            created is not null && changed ? created : null, body, events);
    }

    /// <summary>The body with the position its last event got at commit.</summary>
    public static string WithPosition(string body, long? position)
    {
        var response = JsonNode.Parse(body)!;
        response["position"] = position;
        return response.ToJsonString();
    }
}

/// <summary>
/// The steps every command takes after its endpoint made the domain command, in the order the
/// <see cref="CommandWorkflow"/> policy strings them into each endpoint's generated handler: load the stream (locked),
/// authorize and validate, answer a repeat, the domain's pure Decide, append with the request's metadata, commit,
/// answer. Each stream kind loads and authorizes in its own way (<see cref="StrategyStreams"/>,
/// <see cref="MissionStreams"/>, <see cref="ExerciseStreams"/>); appending, committing and answering are shared.
/// </summary>
public static class Workflow
{
    /// <summary>Notes the command and the time it began: its outcome is counted when it is answered or refused.</summary>
    public static void Start<TCommand>(HttpContext http) =>
        http.Items[typeof(CommandTiming)] = new CommandTiming(PlannerMetrics.CommandName<TCommand>(), System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>The signed-in user, for every command endpoint.</summary>
    public static Actor Actor(HttpContext http, IOptions<Auth.AuthOptions> auth) => Auth.Authentication.Actor(http, auth);

    /// <summary>
    /// Appends the decided events with what the request says of them (who, in what role, why, correlation, command
    /// id), stamped with this process's clock to the microsecond PostgreSQL keeps, so that the state folded here and
    /// the answer made from it are what a later read folds from the record.
    /// </summary>
    public static IReadOnlyList<IEvent> Append<TAggregate>(
        IEventStream<TAggregate> stream, IReadOnlyList<object> events, Acting acting, CommandRequest request,
        IDocumentSession session, TimeProvider clock) where TAggregate : class
    {
        if (events.Count == 0) return [];
        session.LastModifiedBy = request.Actor.UserName;
        session.CorrelationId = request.CorrelationId;
        session.CausationId = request.CommandId; // the command caused them; a repeat of it is recognised by the same id
        session.SetHeader(EventHeaders.Role, acting.Name);
        session.SetHeader(EventHeaders.CommandId, request.CommandId);
        if (request.Reason is not null) session.SetHeader(EventHeaders.Reason, request.Reason);
        if (request.Fingerprint is not null) session.SetHeader(EventHeaders.RequestHash, request.Fingerprint);
        // A traced command's projection and pushes continue its trace (Operations/Telemetry).
        if (System.Diagnostics.Activity.Current is { Recorded: true } traced)
            session.SetHeader(EventHeaders.TraceParent, traced.Id!);
        var version = stream.CurrentVersion ?? 0;
        stream.AppendMany(events);
        var now = clock.GetUtcNow();
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        foreach (var e in stream.Events)
        {
            e.Timestamp = at;
            e.Version = ++version;
            e.UserName = request.Actor.UserName;
        }
        return stream.Events;
    }

    /// <summary>Keeps the answer of a keyed command with its events, for its repeats; also of one that changed
    /// nothing, so that its repeat changes nothing whatever was changed since.</summary>
    public static void Remember(CommandAnswer answer, Guid streamId, long version, CommandRequest request, IDocumentSession session)
    {
        if (request.IdempotencyKey is null) return;
        session.Insert(new IdempotencyRecord(request.CommandId, request.Fingerprint!, streamId,
            answer.Events.Count == 0 ? null : version, answer.Status, answer.ETag, answer.Location, answer.Body));
    }

    /// <summary>
    /// Commits; a commit lost to a concurrent request with the same key answers as that request's repeat. Messages
    /// the command scheduled (the exercise clock) are sent once it committed: Wolverine flushes its outbox after.
    /// </summary>
    public static async Task SaveAsync(IDocumentSession session, CommandRequest request, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (request.IdempotencyKey is not null && e is not OperationCanceledException)
        {
            await Idempotency.ThrowIfRepeatedAsync(session.DocumentStore, request, ct);
            throw;
        }
    }

    public static async Task RespondAsync(HttpContext http, CommandAnswer answer, PlannerMetrics metrics)
    {
        if (CommandTiming.Of(http) is { } timing)
            metrics.CommandHandled(timing.Command, repeated: false, changed: answer.Events.Count > 0, timing.Elapsed);
        http.Response.StatusCode = answer.Status;
        http.Response.Headers.ETag = answer.ETag;
        if (answer.Location is not null) http.Response.Headers.Location = answer.Location;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(CommandAnswer.WithPosition(answer.Body, answer.Events.LastOrDefault()?.Sequence));
    }
}

/// <summary>A command's name (the metrics' label) and when its endpoint began, kept with its request.</summary>
public sealed record CommandTiming(string Command, long Started)
{
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(Started);

    public static CommandTiming? Of(HttpContext http) => http.Items[typeof(CommandTiming)] as CommandTiming;
}

/// <summary>The headers each event carries besides Marten's user name and correlation id.</summary>
public static class EventHeaders
{
    public const string Role = "role";
    public const string Reason = "reason";
    public const string CommandId = "commandId";
    public const string RequestHash = "requestHash";

    /// <summary>The W3C trace context of the request, on events of a command that was traced.</summary>
    public const string TraceParent = "traceparent";
}

/// <summary>
/// Strings the command workflow into each endpoint that returns a <see cref="StrategyCommand{TCommand}"/>,
/// <see cref="MissionCommand{TCommand}"/> or <see cref="ExerciseCommand{TCommand}"/>: Wolverine generates, per endpoint,
/// the calls of <see cref="Workflow"/>'s steps closed over its command type, the domain's <c>Decide</c> among them.
/// </summary>
public sealed class CommandWorkflow : IHttpPolicy
{
    private static readonly Dictionary<Type, Type> Streams = new()
    {
        [typeof(StrategyCommand<>)] = typeof(StrategyStreams),
        [typeof(MissionCommand<>)] = typeof(MissionStreams),
        [typeof(ExerciseCommand<>)] = typeof(ExerciseStreams),
    };

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var returned = chain.Method.Method.ReturnType;
            if (returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(Task<>)) returned = returned.GetGenericArguments()[0];
            if (!returned.IsGenericType || !Streams.TryGetValue(returned.GetGenericTypeDefinition(), out var streams)) continue;
            var command = returned.GetGenericArguments()[0];
            chain.Method.ReturnVariable!.DoNothingWithReturnValue("the command workflow below carries it out");
            chain.Middleware.Insert(0, Call(typeof(Workflow), nameof(Workflow.Start), command));
            chain.Postprocessors.Add(Call(streams, "TurnAsync", command)); // disposed at the end of the handler
            chain.Postprocessors.Add(Call(streams, "LoadAsync", command));
            chain.Postprocessors.Add(Call(streams, "Authorize", command));
            chain.Postprocessors.Add(Call(streams, "Command", command));
            chain.Postprocessors.Add(Call(typeof(Idempotency), nameof(Idempotency.CheckAsync), command));
            chain.Postprocessors.Add(new MethodCall(command, command.GetMethod("Decide", BindingFlags.Public | BindingFlags.Static)!));
            chain.Postprocessors.Add(Call(streams, "AppendAsync", command));
            chain.Postprocessors.Add(Call(typeof(Workflow), nameof(Workflow.SaveAsync)));
            chain.PostCommitPostprocessors.Add(Call(typeof(Workflow), nameof(Workflow.RespondAsync)));
            chain.GetOrCreateTryCatchFinallyFrame().AddCatchBlock(typeof(RepeatedRequest), [Call(typeof(Repeats), nameof(Repeats.AnswerAsync))]);
        }
    }

    private static MethodCall Call(Type type, string name, Type? command = null)
    {
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
                     ?? throw new InvalidOperationException($"{type.Name}.{name} is missing.");
        return new MethodCall(type, method.IsGenericMethodDefinition ? method.MakeGenericMethod(command!) : method);
    }
}

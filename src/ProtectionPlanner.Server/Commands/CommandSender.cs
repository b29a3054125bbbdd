using System.Reflection;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// Sends a domain command from inside the app, as one of its users (demo seeding): the same steps, in the same order,
/// that the <see cref="CommandWorkflow"/> strings into each endpoint. A keyed command already done is skipped.
/// </summary>
public sealed class CommandSender(
    OutboxedSessionFactory sessions, IWolverineRuntime runtime, TimeProvider clock, IOptions<JsonOptions> json,
    Operations.PlannerMetrics metrics, Hosting.StreamTurns turns)
{
    public async Task SendAsync(Actor actor, object command, string idempotencyKey, string reason, string correlationId, CancellationToken ct)
    {
        var request = new CommandRequest(actor, idempotencyKey, reason, correlationId, ifMatch: null);
        var kind = command.GetType().GetInterfaces().Where(i => i.IsGenericType).Select(i => i.GetGenericTypeDefinition())
            .Select(i => i == typeof(IStrategyCommand<>) ? nameof(StrategyAsync)
                : i == typeof(IMissionCommand<>) ? nameof(MissionAsync)
                : i == typeof(IExerciseCommand<>) ? nameof(ExerciseAsync) : null)
            .FirstOrDefault(name => name is not null)
            ?? throw new ArgumentException($"{command.GetType().Name} is not a mission, strategy or exercise command.", nameof(command));
        var send = GetType().GetMethod(kind, BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(command.GetType());
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var name = Operations.PlannerMetrics.CommandName(command.GetType());
        try
        {
            var changed = await (Task<bool>)send.Invoke(this, [command, request, ct])!;
            metrics.CommandHandled(name, repeated: false, changed, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (RepeatedRequest)
        {
            // Done before: a seed interrupted half-way resumes after the last command it committed.
            metrics.CommandHandled(name, repeated: true, changed: true, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            metrics.CommandFailed(name, e, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<bool> StrategyAsync<T>(T command, CommandRequest request, CancellationToken ct) where T : IStrategyCommand<T>
    {
        var messages = new MessageContext(runtime);
        await using var session = sessions.OpenSession(messages);
        var wrapped = new StrategyCommand<T>(command);
        using var turn = await StrategyStreams.TurnAsync(wrapped, turns, ct);
        var (stream, planning) = await StrategyStreams.LoadAsync(wrapped, session, ct);
        var (context, acting) = StrategyStreams.Authorize(wrapped, planning, request, clock);
        await Idempotency.CheckRouteAsync(command, Route(command), request, session, ct);
        var answer = await StrategyStreams.AppendAsync(
            wrapped, T.Decide(planning, command, context), stream, planning, acting, request, session, clock, json);
        await Workflow.SaveAsync(session, request, ct);
        await messages.FlushOutgoingMessagesAsync();
        return answer.Events.Count > 0;
    }

    private async Task<bool> MissionAsync<T>(T command, CommandRequest request, CancellationToken ct) where T : IMissionCommand<T>
    {
        var messages = new MessageContext(runtime);
        await using var session = sessions.OpenSession(messages);
        var wrapped = new MissionCommand<T>(command);
        using var turn = await MissionStreams.TurnAsync(wrapped, turns, ct);
        var (stream, mission) = await MissionStreams.LoadAsync(wrapped, session, ct);
        var (context, acting) = MissionStreams.Authorize(wrapped, mission, request, clock);
        await Idempotency.CheckRouteAsync(command, Route(command), request, session, ct);
        var answer = await MissionStreams.AppendAsync(
            wrapped, T.Decide(mission, command, context), stream, mission, acting, request, session, clock, json);
        await Workflow.SaveAsync(session, request, ct);
        await messages.FlushOutgoingMessagesAsync();
        return answer.Events.Count > 0;
    }

    private async Task<bool> ExerciseAsync<T>(T command, CommandRequest request, CancellationToken ct) where T : IExerciseCommand<T>
    {
        var messages = new MessageContext(runtime);
        await using var session = sessions.OpenSession(messages);
        var wrapped = new ExerciseCommand<T>(command);
        using var turn = await ExerciseStreams.TurnAsync(wrapped, turns, ct);
        var (stream, play) = await ExerciseStreams.LoadAsync(wrapped, session, ct);
        var (context, acting) = ExerciseStreams.Authorize(wrapped, play, request, clock);
        await Idempotency.CheckRouteAsync(command, Route(command), request, session, ct);
        var answer = await ExerciseStreams.AppendAsync(
            wrapped, T.Decide(play, command, context), stream, play, acting, request, session, clock, json, messages);
        await Workflow.SaveAsync(session, request, ct);
        await messages.FlushOutgoingMessagesAsync();
        return answer.Events.Count > 0;
    }

    private static string Route(object command) => $"send {command.GetType().Name}";
}

using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Hosting;
using Wolverine.Configuration;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>What a strategy command's endpoint returns: the domain command, what its answer shows of the strategy
/// after it (an item and the item's version, the ETag), and the address of what it creates.</summary>
/// <param name="ExpectedVersion">If-Match on the whole strategy (lifecycle steps): 412 when it moved.</param>
public sealed record StrategyCommand<TCommand>(
    TCommand Command, Func<Strategy, (object? Item, long? Version)>? Answer = null, string? Created = null, long? ExpectedVersion = null)
    : IWolverineReturnType where TCommand : IStrategyCommand<TCommand>;

/// <summary>The strategy steps of the <see cref="Workflow"/>: a strategy is decided with its mission as it is now.</summary>
public static class StrategyStreams
{
    /// <summary>The command's turn on its stream in this node (<see cref="StreamTurns"/>).</summary>
    public static Task<StreamTurn> TurnAsync<TCommand>(
        StrategyCommand<TCommand> command, StreamTurns turns, CancellationToken ct)
        where TCommand : IStrategyCommand<TCommand> => turns.TakeAsync(command.Command.StrategyId, ct);

    /// <summary>
    /// The strategy stream, locked until the commit, so the decision runs on its latest version and no concurrent
    /// command can slip in between (they wait their turn, on every node), and its mission. Another kind of stream
    /// under the id is not found.
    /// </summary>
    public static async Task<(IEventStream<Strategy>, Planning)> LoadAsync<TCommand>(
        StrategyCommand<TCommand> command, IDocumentSession session, CancellationToken ct)
        where TCommand : IStrategyCommand<TCommand>
    {
        var id = command.Command.StrategyId;
        var stream = await session.FetchLockedAsync<Strategy>(id, "Strategy", ct);
        var strategy = stream.Aggregate is { Exists: true } existing ? existing : Strategy.None;
        if (stream.CurrentVersion > 0 && !strategy.Exists) throw new NotFound("Strategy", id.ToString());
        var missionId = strategy.Exists ? strategy.MissionId
            : command.Command is DraftStrategy draft ? draft.MissionId : throw new NotFound("Strategy", id.ToString());
        var mission = await session.LatestAsync<Mission>(missionId, ct) is { Exists: true } found
            ? found
            : Mission.None;
        if (!mission.Exists) throw new NotFound("Mission", missionId.ToString());
        return (stream, new Planning(strategy, mission));
    }

    public static (DecisionContext, Acting) Authorize<TCommand>(
        StrategyCommand<TCommand> command, Planning planning, CommandRequest request, TimeProvider clock)
        where TCommand : IStrategyCommand<TCommand>
    {
        var acting = Authorization.Acting(request.Actor, planning.Mission, TCommand.Permission);
        command.Command.Validate();
        if (command.ExpectedVersion is { } expected && expected != planning.Strategy.Version)
            throw new PreconditionFailed(planning.Strategy.Version);
        return (new DecisionContext(clock.GetUtcNow(), request.DecisionIds(), acting.Role, request.Actor.UserName), acting);
    }

    public static TCommand Command<TCommand>(StrategyCommand<TCommand> command) where TCommand : IStrategyCommand<TCommand> =>
        command.Command;

    public static Task<CommandAnswer> AppendAsync<TCommand>(
        StrategyCommand<TCommand> command, IReadOnlyList<object> events, IEventStream<Strategy> stream, Planning planning,
        Acting acting, CommandRequest request, IDocumentSession session, TimeProvider clock, IOptions<JsonOptions> json)
        where TCommand : IStrategyCommand<TCommand>
    {
        var appended = Workflow.Append(stream, events, acting, request, session, clock);
        var after = appended.Aggregate(planning.Strategy,
            (state, e) => TimeTravel.Keep(session, Strategy.Evolve(state, e.Data, e.Recorded())));
        var (item, itemVersion) = command.Answer?.Invoke(after) ?? (null, null);
        var answer = CommandAnswer.Of(json, stream.Id, after.Version, appended, item, itemVersion, command.Created);
        Workflow.Remember(answer, stream.Id, after.Version, request, session);
        return Task.FromResult(answer);
    }
}

using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Hosting;
using Wolverine.Configuration;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>What a mission command's endpoint returns: the domain command, what its answer shows of the mission after
/// it (an item and the item's version, the ETag; the mission's version when none), and the address of what it
/// creates.</summary>
/// <param name="ExpectedVersion">If-Match on the whole mission (creates, members): 412 when it moved. An item's edit
/// carries the item's version in its domain command instead (409 item conflict).</param>
public sealed record MissionCommand<TCommand>(
    TCommand Command, Func<Mission, (object? Item, long? Version)>? Answer = null, string? Created = null,
    long? ExpectedVersion = null)
    : IWolverineReturnType where TCommand : IMissionCommand<TCommand>;

/// <summary>The mission steps of the <see cref="Workflow"/>.</summary>
public static class MissionStreams
{
    /// <summary>The command's turn on its stream in this node (<see cref="StreamTurns"/>).</summary>
    public static Task<StreamTurn> TurnAsync<TCommand>(
        MissionCommand<TCommand> command, StreamTurns turns, CancellationToken ct)
        where TCommand : IMissionCommand<TCommand> => turns.TakeAsync(command.Command.MissionId, ct);

    /// <summary>The mission stream, locked until the commit; another kind of stream under the id is not found.</summary>
    public static async Task<(IEventStream<Mission>, Mission)> LoadAsync<TCommand>(
        MissionCommand<TCommand> command, IDocumentSession session, CancellationToken ct)
        where TCommand : IMissionCommand<TCommand>
    {
        var id = command.Command.MissionId;
        var stream = await session.FetchLockedAsync<Mission>(id, "Mission", ct);
        var mission = stream.Aggregate is { Exists: true } existing ? existing : Mission.None;
        if (!mission.Exists && (stream.CurrentVersion > 0 || command.Command is not RegisterMission))
            throw new NotFound("Mission", id.ToString());
        return (stream, mission);
    }

    public static (DecisionContext, Acting) Authorize<TCommand>(
        MissionCommand<TCommand> command, Mission mission, CommandRequest request, TimeProvider clock)
        where TCommand : IMissionCommand<TCommand>
    {
        var acting = Authorization.Acting(request.Actor, mission, TCommand.Permission);
        command.Command.Validate();
        if (mission.Exists && command.ExpectedVersion is { } expected && expected != mission.Version)
            throw new PreconditionFailed(mission.Version);
        return (new DecisionContext(clock.GetUtcNow(), request.DecisionIds(), acting.Role, request.Actor.UserName), acting);
    }

    public static TCommand Command<TCommand>(MissionCommand<TCommand> command) where TCommand : IMissionCommand<TCommand> =>
        command.Command;

    public static Task<CommandAnswer> AppendAsync<TCommand>(
        MissionCommand<TCommand> command, IReadOnlyList<object> events, IEventStream<Mission> stream, Mission mission,
        Acting acting, CommandRequest request, IDocumentSession session, TimeProvider clock, IOptions<JsonOptions> json)
        where TCommand : IMissionCommand<TCommand>
    {
        var appended = Workflow.Append(stream, events, acting, request, session, clock);
        var after = appended.Aggregate(mission, (state, e) => Mission.Evolve(state, e.Data, e.Recorded()));
        var (item, itemVersion) = command.Answer?.Invoke(after) ?? (null, null);
        var answer = CommandAnswer.Of(json, stream.Id, after.Version, appended, item, itemVersion, command.Created);
        Workflow.Remember(answer, stream.Id, after.Version, request, session);
        return Task.FromResult(answer);
    }
}

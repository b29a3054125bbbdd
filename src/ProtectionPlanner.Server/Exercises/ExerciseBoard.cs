using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>Who a board is built for: control (directors, controllers, evaluators) see everything; players see what
/// reached their component.</summary>
public readonly record struct Audience(bool Control, Guid? ComponentId)
{
    public static Audience? Of(Exercise exercise, string userName) => exercise.Participant(userName) switch
    {
        null => null,
        { Role: ExerciseRole.Player } player => new Audience(false, player.ComponentId),
        _ => new Audience(true, null),
    };
}

public sealed record BoardYou(string UserName, ExerciseRole Role, Guid? ComponentId);

public sealed record BoardParticipant(string UserName, ExerciseRole Role, Guid? ComponentId, string? ComponentName);

/// <summary>An inject as players see it: what reached them, nothing of what is expected of them.</summary>
public record PlayerInject(
    Guid Id, string Code, TimeSpan ScenarioTime, string Synopsis, DeliveryMethod Delivery, IReadOnlyList<Guid> TargetComponentIds,
    IReadOnlyList<string> TargetPlayers, InjectStatus Status, Release? Release);

/// <summary>An inject as control sees it: the whole MSEL row, with its version for edits.</summary>
/// <param name="UnreachedTargets">The targets (as in <paramref name="TargetPlayers"/>) that no player would receive it
/// for (<see cref="InjectReach"/>).</param>
public sealed record ControlInject(
    Guid Id, string Code, TimeSpan ScenarioTime, string Synopsis, DeliveryMethod Delivery, IReadOnlyList<Guid> TargetComponentIds,
    IReadOnlyList<string> TargetPlayers, InjectStatus Status, Release? Release,
    string ExpectedAction, Guid? ObjectiveId, Guid? ThreatId, bool Contingency, string? SkipReason, long Version,
    IReadOnlyList<string> UnreachedTargets)
    : PlayerInject(Id, Code, ScenarioTime, Synopsis, Delivery, TargetComponentIds, TargetPlayers, Status, Release);

/// <summary>
/// The live exercise board of one audience: the clock, the MSEL (control) or the injects received (players), the
/// decisions and responses, what evaluators noted (control only), the hot wash, and the exercise's copy of the plan.
/// Pure.
/// <see cref="Injects"/> holds <see cref="ControlInject"/>s for control, <see cref="PlayerInject"/>s for players
/// (typed object so that each is written whole).
/// </summary>
public sealed record ExerciseBoard(
    Guid ExerciseId, Guid MissionId, Guid StrategyId, long StrategyVersion, string Name, string Scenario, long Version, DateTimeOffset ServerTime,
    BoardYou You, ExerciseClock Clock, IReadOnlyList<BoardParticipant> Participants,
    IReadOnlyList<object> Injects,
    IReadOnlyList<PlayerDecision> Decisions, IReadOnlyList<InjectResponse> Responses,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Observation>? Observations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Gap>? Gaps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ImprovementAction>? Improvements,
    IReadOnlyList<HotWashEntry> HotWash,
    PlanView Plan)
{
    public static ExerciseBoard For(ExercisePlay play, Participant you, DateTimeOffset now)
    {
        var exercise = play.Exercise;
        var audience = Audience.Of(exercise, you.UserName)!.Value;
        var injects = exercise.Injects
            .Where(i => audience.Control || i.Status == InjectStatus.Released && i.Details.Targets(audience.ComponentId))
            .OrderBy(i => i.Details.ScenarioTime).ThenBy(i => i.Code, StringComparer.Ordinal)
            .Select(i => InjectFor(play, i, audience.Control)).ToList();
        var visible = injects.Select(i => i.Id).ToHashSet();
        return new ExerciseBoard(
            exercise.Id, exercise.MissionId, exercise.StrategyId, exercise.StrategyVersion, exercise.Name, exercise.Scenario, exercise.Version, now,
            new BoardYou(you.UserName, you.Role, you.ComponentId), exercise.Clock,
            exercise.Participants.Select(p => new BoardParticipant(p.UserName, p.Role, p.ComponentId, p.ComponentId is { } c ? play.Mission.Component(c)?.Name : null)).ToList(),
            injects.Cast<object>().ToList(),
            exercise.Decisions.Where(d => d.InjectId is not { } inject || visible.Contains(inject)).ToList(),
            exercise.Responses.Where(r => visible.Contains(r.InjectId)).ToList(),
            audience.Control ? exercise.Observations : null,
            audience.Control ? exercise.Gaps : null,
            audience.Control ? exercise.Improvements : null,
            exercise.HotWash, // said round the table: everyone reads it
            PlanView.Of(play.Plan, play.Mission, play.Plan.Version, null, null));
    }

    /// <summary>An inject as control (everything) or as players see it.</summary>
    public static PlayerInject InjectFor(ExercisePlay play, Inject inject, bool control)
    {
        var details = inject.Details;
        IReadOnlyList<string> targets = details.TargetComponentIds.Count == 0
            ? [AllPlayers]
            : details.TargetComponentIds.Select(id => TargetName(play, id)).ToList();
        return control
            ? new ControlInject(inject.Id, inject.Code, details.ScenarioTime, details.Synopsis, details.Delivery,
                details.TargetComponentIds, targets, inject.Status, inject.Release, details.ExpectedAction,
                details.ObjectiveId, details.ThreatId, details.Contingency, inject.SkipReason, inject.Stamp.Version,
                InjectReach.Unreached(play.Exercise, details)
                    .Select(id => id is { } component ? TargetName(play, component) : AllPlayers).ToList())
            : new PlayerInject(inject.Id, inject.Code, details.ScenarioTime, details.Synopsis, details.Delivery, details.TargetComponentIds, targets,
                inject.Status, inject.Release);
    }

    private const string AllPlayers = "All players";

    private static string TargetName(ExercisePlay play, Guid componentId) =>
        play.Mission.Component(componentId)?.Name ?? componentId.ToString();
}

/// <summary>A board as items (kind, id → JSON) and its plan as a view document: what board changes are computed from.</summary>
public sealed class BoardDocument
{
    private readonly Dictionary<(string Kind, string? Id), string> items;

    private BoardDocument(Dictionary<(string Kind, string? Id), string> items, ViewDocument plan) => (this.items, Plan) = (items, plan);

    public ViewDocument Plan { get; }

    public static BoardDocument Of(ExerciseBoard board, JsonSerializerOptions options)
    {
        var items = new Dictionary<(string, string?), string>
        {
            [("exercise", null)] = Json(new { board.ExerciseId, board.Name, board.Scenario, board.StrategyId, board.StrategyVersion }),
            [("clock", null)] = Json(board.Clock),
        };
        foreach (var p in board.Participants) items[("participant", p.UserName)] = Json(p);
        foreach (var i in board.Injects.Cast<PlayerInject>()) items[("inject", i.Id.ToString())] = Json<object>(i);
        foreach (var d in board.Decisions) items[("decision", d.Id.ToString())] = Json(d);
        foreach (var r in board.Responses) items[("response", r.Id.ToString())] = Json(r);
        foreach (var o in board.Observations ?? []) items[("observation", o.Id.ToString())] = Json(o);
        foreach (var g in board.Gaps ?? []) items[("gap", g.Id.ToString())] = Json(g);
        foreach (var a in board.Improvements ?? []) items[("improvement", a.Id.ToString())] = Json(a);
        foreach (var e in board.HotWash) items[("hotWash", e.Id.ToString())] = Json(e);
        return new BoardDocument(items, ViewDocument.Of(board.Plan, options));

        string Json<T>(T value) => JsonSerializer.Serialize(value, options);
    }

    /// <summary>The items added, changed and removed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IReadOnlyList<ItemChange> Between(BoardDocument before, BoardDocument after)
    {
        var changes = new List<ItemChange>();
        foreach (var (key, json) in after.items)
        {
            if (!before.items.TryGetValue(key, out var old)) changes.Add(new(key.Kind, "added", key.Id, JsonNode.Parse(json)));
            else if (old != json) changes.Add(new(key.Kind, "changed", key.Id, JsonNode.Parse(json)));
        }
        changes.AddRange(before.items.Keys.Where(key => !after.items.ContainsKey(key)).Select(key => new ItemChange(key.Kind, "removed", key.Id, null)));
        return changes;
    }
}

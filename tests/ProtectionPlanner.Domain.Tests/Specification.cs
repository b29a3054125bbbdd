using System.Text.Json;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Domain.Tests;

/// <summary>
/// Given events, when a command, then events or a named domain error. Mission and strategy events are folded into
/// their own streams; strategy commands decide against both (<see cref="Planning"/>).
/// </summary>
public sealed class Specification
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The day of <see cref="Now"/>: coherence judges what is overdue as of a date.</summary>
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private readonly List<object> missionEvents = [];
    private readonly List<(object Event, string Actor)> strategyEvents = [];
    private Role actingAs = Role.Planner;

    public Specification GivenMission(params object[] events)
    {
        missionEvents.AddRange(events);
        return this;
    }

    public Specification Given(params object[] events) => GivenBy("planner1", events);

    /// <summary>Strategy events recorded as made by <paramref name="actor"/> (item stamps name who changed what).</summary>
    public Specification GivenBy(string actor, params object[] events)
    {
        strategyEvents.AddRange(events.Select(e => (e, actor)));
        return this;
    }

    public Specification ActingAs(Role role)
    {
        actingAs = role;
        return this;
    }

    public Mission Mission => missionEvents.Select((e, i) => (e, i))
        .Aggregate(Mission.None, (state, next) => Mission.Evolve(state, next.e, new Recorded(next.i + 1, "admin1", Now)));

    public Strategy Strategy => strategyEvents.Select((e, i) => (e, i))
        .Aggregate(Strategy.None, (state, next) => Strategy.Evolve(state, next.e.Event, new Recorded(next.i + 1, next.e.Actor, Now.AddMinutes(next.i))));

    public Planning Planning => new(Strategy, Mission);

    /// <summary>Ids handed out by the context, in order: tests can predict them.</summary>
    public static Guid NewId(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");

    private DecisionContext Context()
    {
        var next = 0;
        return new DecisionContext(Now, () => NewId(++next), actingAs);
    }

    /// <summary>Decides a strategy command (validating it first) and returns its events.</summary>
    public IReadOnlyList<object> When<TCommand>(TCommand command) where TCommand : IStrategyCommand<TCommand>
    {
        command.Validate();
        return TCommand.Decide(Planning, command, Context());
    }

    /// <summary>Decides a mission command (validating it first) and returns its events.</summary>
    public IReadOnlyList<object> WhenMission<TCommand>(TCommand command) where TCommand : IMissionCommand<TCommand>
    {
        command.Validate();
        return TCommand.Decide(Mission, command, Context());
    }

    /// <summary>Asserts the events equal the expected ones, compared as JSON (records holding lists compare by reference).</summary>
    public static void Then(IReadOnlyList<object> actual, params object[] expected) =>
        Assert.Equal(expected.Select(Json), actual.Select(Json));

    /// <summary>Asserts the command produced no events: it changed nothing.</summary>
    public static void ThenNothing(IReadOnlyList<object> actual) => Assert.Empty(actual);

    /// <summary>Asserts the command is refused as invalid, naming exactly <paramref name="fields"/> (JSON paths).</summary>
    public static ValidationFailed ThenInvalid(Func<IReadOnlyList<object>> when, params string[] fields)
    {
        var failed = Assert.Throws<ValidationFailed>(() => when());
        Assert.Equal(fields.Order(StringComparer.Ordinal), failed.Errors.Keys.Order(StringComparer.Ordinal));
        return failed;
    }

    /// <summary>Asserts the command is refused because it does not fit the state, with the stable <paramref name="code"/>.</summary>
    public static StateConflict ThenConflict(Func<IReadOnlyList<object>> when, string code)
    {
        var conflict = Assert.Throws<StateConflict>(() => when());
        Assert.Equal(code, conflict.Code);
        return conflict;
    }

    /// <summary>Asserts the command is refused because the <paramref name="what"/> with <paramref name="id"/> does not exist.</summary>
    public static NotFound ThenNotFound(Func<IReadOnlyList<object>> when, string what, string id)
    {
        var notFound = Assert.Throws<NotFound>(() => when());
        Assert.Equal((what, id), (notFound.What, notFound.Id));
        return notFound;
    }

    /// <summary>Asserts an item conflict naming the item, the version the command was made on, and the current version and author.</summary>
    public static ItemConflict ThenItemConflict(Func<IReadOnlyList<object>> when, string itemId, long expected, long current, string changedBy)
    {
        var conflict = Assert.Throws<ItemConflict>(() => when());
        Assert.Equal((itemId, expected, current, changedBy), (conflict.ItemId, conflict.ExpectedVersion, conflict.Current.Version, conflict.Current.ChangedBy));
        return conflict;
    }

    private static string Json(object value) => $"{value.GetType().Name} {JsonSerializer.Serialize(value, value.GetType())}";
}

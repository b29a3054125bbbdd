namespace ProtectionPlanner.Domain.Common;

/// <summary>Where and by whom an event was recorded: what Evolve needs beyond the event itself.</summary>
/// <param name="Version">The event's version in its stream.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="At">When it was committed.</param>
public readonly record struct Recorded(long Version, string Actor, DateTimeOffset At);

/// <summary>When an item last changed and by whom: fine-grained concurrency compares commands against it.</summary>
/// <param name="Version">The stream version of the item's last change.</param>
/// <param name="ChangedBy">Who made that change.</param>
/// <param name="ChangedAt">When.</param>
public sealed record ItemStamp(long Version, string ChangedBy, DateTimeOffset ChangedAt)
{
    public static ItemStamp From(Recorded recorded) => new(recorded.Version, recorded.Actor, recorded.At);
}

/// <summary>
/// What a decision may use besides the command and the state: the clock, new ids (never ambient ones), the role the
/// actor acts in (a reviewer returns a submitted strategy, HQ an approved one), and who the actor is (an exercise
/// player answers for the component they play).
/// </summary>
public sealed record DecisionContext(DateTimeOffset Now, Func<Guid> NewId, Role ActingAs, string Actor = "");

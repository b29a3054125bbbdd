namespace ProtectionPlanner.Domain.Common;

/// <summary>
/// A command against state <typeparamref name="TState"/>. Each command record is its own handler: the server's command
/// workflow calls <see cref="Validate"/>, then the static <see cref="Decide"/> on the current state.
/// </summary>
public interface ICommand<TState, TSelf> where TSelf : ICommand<TState, TSelf>
{
    /// <summary>What the actor needs to be allowed.</summary>
    static abstract Permission Permission { get; }

    /// <summary>Throws <see cref="ValidationFailed"/> naming each invalid field; needs no state.</summary>
    void Validate();

    /// <summary>The events the command produces against <paramref name="state"/>, or a <see cref="DomainException"/>.</summary>
    static abstract IReadOnlyList<object> Decide(TState state, TSelf command, DecisionContext context);
}

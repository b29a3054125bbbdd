namespace ProtectionPlanner.Domain.Common;

/// <summary>A command refused by the domain. Each kind maps to one HTTP status and a stable problem type.</summary>
public abstract class DomainException(string message) : Exception(message)
{
    /// <summary>The values the English message names, by stable names, so a client can say it in another
    /// language (empty where a refusal has none).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = ErrorFacts.None;
}

/// <summary>Facts of a refusal as invariant texts (enumerations by name).</summary>
public static class ErrorFacts
{
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Of(params (string Name, object? Value)[] facts) =>
        facts.ToDictionary(f => f.Name,
            f => Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
}

/// <summary>The command's fields are invalid (HTTP 400); <see cref="Errors"/> names each field.</summary>
public sealed class ValidationFailed(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("The command has invalid fields: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Something the command names does not exist (HTTP 404).</summary>
public sealed class NotFound(string what, string id) : DomainException($"{what} {id} does not exist.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>
/// The item changed since the version the command was made against (HTTP 409): carries the item as it is now, its
/// version and who changed it, so the client can show both and let the user choose or merge.
/// </summary>
public sealed class ItemConflict(string itemKind, string itemId, long expectedVersion, ItemStamp current, object? currentItem)
    : DomainException($"{itemKind} {itemId} was changed by {current.ChangedBy} (version {current.Version}) after version {expectedVersion} you edited.")
{
    public string ItemKind { get; } = itemKind;
    public string ItemId { get; } = itemId;
    public long ExpectedVersion { get; } = expectedVersion;
    public ItemStamp Current { get; } = current;
    public object? CurrentItem { get; } = currentItem;
}

/// <summary>The command does not fit the current state, for example editing an approved strategy (HTTP 409).</summary>
public sealed class StateConflict(string code, string message) : DomainException(message)
{
    public string Code { get; } = code;
}

/// <summary>A business rule refuses the command, for example approval with activities lacking a lead (HTTP 422).</summary>
public sealed class RuleViolated(string code, string message, IReadOnlyList<string> problems) : DomainException(message)
{
    public string Code { get; } = code;
    public IReadOnlyList<string> Problems { get; } = problems;
}

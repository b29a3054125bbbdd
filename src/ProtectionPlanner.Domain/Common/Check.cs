namespace ProtectionPlanner.Domain.Common;

/// <summary>
/// Collects field errors for a command, named by their JSON path (camelCase), then throws one
/// <see cref="ValidationFailed"/> with all of them.
/// </summary>
public sealed class Check
{
    /// <summary>Names, titles, codes.</summary>
    public const int ShortText = 200;

    /// <summary>Descriptions, rationales, mandate language.</summary>
    public const int LongText = 4000;

    /// <summary>Most entries in a list field.</summary>
    public const int ListSize = 50;

    private readonly Dictionary<string, List<string>> errors = [];

    public Check Required(string field, string? value, int maxLength = ShortText)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required.");
        else Text(field, value, maxLength);
        return this;
    }

    public Check Text(string field, string? value, int maxLength = LongText)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"is longer than {maxLength} characters.");
        return this;
    }

    public Check Range(string field, int value, int min, int max)
    {
        if (value < min || value > max) Add(field, $"must be from {min} to {max}.");
        return this;
    }

    /// <summary>The most personnel or assets of a kind one count may hold: no peace operation has come near it.</summary>
    public const int LargestCount = 1_000_000;

    /// <summary>A count of people or things: from 0 to <see cref="LargestCount"/>.</summary>
    public Check Count(string field, int value) => Range(field, value, 0, LargestCount);

    public Check Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value)) Add(field, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        return this;
    }

    /// <summary>A list field: required (empty is fine), at most <paramref name="maxCount"/> entries, none null.</summary>
    public Check List<T>(string field, IReadOnlyCollection<T>? items, int maxCount = ListSize, Action<Check, string, T>? each = null)
    {
        if (items is null) return Add(field, "is required.");
        if (items.Count > maxCount) Add(field, $"has more than {maxCount} entries.");
        var index = 0;
        foreach (var item in items)
        {
            if (item is null) Add($"{field}[{index}]", "is required.");
            else each?.Invoke(this, $"{field}[{index}]", item);
            index++;
        }
        return this;
    }

    public Check NotEmpty(string field, Guid value)
    {
        if (value == Guid.Empty) Add(field, "is required.");
        return this;
    }

    public Check That(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public Check Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>Throws <see cref="ValidationFailed"/> when any field is invalid.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0) throw new ValidationFailed(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}

namespace ProtectionPlanner.EventStore;

/// <summary>What a writer believes a stream's version to be when it appends (optimistic concurrency).</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 for <see cref="Any"/>, 0 for <see cref="NoStream"/>, otherwise the exact version.</summary>
    internal long Value { get; }

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>Append at whatever version the stream is (creating it when missing).</summary>
    public static ExpectedVersion Any { get; } = new(-1);

    /// <summary>The stream must be exactly at <paramref name="version"/>; 0 means it must not exist.</summary>
    public static ExpectedVersion Exactly(long version) =>
        version >= 0
            ? new(version)
            : throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is 0 (no stream) or more.");

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        -1 => "any",
        0 => "no stream",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// Maps stable stored type names (<c>threat_identified</c>) to CLR types and their current shape version, and
/// upcasts older shapes on read. Stored names never depend on CLR names, so classes can be renamed freely.
/// Register everything at start-up, before the store is used.
/// </summary>
public sealed partial class EventTypeRegistry
{
    /// <summary>Longest allowed type name.</summary>
    public const int MaxNameLength = 100;

    private readonly Dictionary<string, Registration> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, Registration> byType = [];
    private readonly Dictionary<(string Name, int FromVersion), Func<JsonObject, JsonObject>> upcasters = [];

    /// <summary>Creates a registry serialising with <paramref name="options"/> (default: <see cref="DefaultSerializerOptions"/>).</summary>
    public EventTypeRegistry(JsonSerializerOptions? options = null)
    {
        SerializerOptions = options ?? DefaultSerializerOptions();
        SerializerOptions.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>The options events and snapshots are serialised with.</summary>
    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>camelCase properties, enums as strings, no indentation.</summary>
    public static JsonSerializerOptions DefaultSerializerOptions() =>
        new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Registers <typeparamref name="TEvent"/> under <paramref name="name"/> at shape <paramref name="version"/>.</summary>
    public EventTypeRegistry Register<TEvent>(string name, int version = 1) where TEvent : class
    {
        ValidateName(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (byName.ContainsKey(name)) throw new ArgumentException($"Event type name '{name}' is registered twice.", nameof(name));
        if (byType.ContainsKey(typeof(TEvent))) throw new ArgumentException($"{typeof(TEvent)} is registered twice.");
        var registration = new Registration(name, version, typeof(TEvent));
        byName.Add(name, registration);
        byType.Add(typeof(TEvent), registration);
        return this;
    }

    /// <summary>Registers the step that turns shape <paramref name="fromVersion"/> of <paramref name="name"/> into the next.</summary>
    public EventTypeRegistry Upcast(string name, int fromVersion, Func<JsonObject, JsonObject> upcast)
    {
        ValidateName(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        ArgumentNullException.ThrowIfNull(upcast);
        if (!upcasters.TryAdd((name, fromVersion), upcast))
            throw new ArgumentException($"An upcaster from '{name}' v{fromVersion} is registered twice.", nameof(fromVersion));
        return this;
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid stored name: lower-case words joined by '_' or '.'.</summary>
    public static void ValidateName(string? name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length is 0 or > MaxNameLength || !NamePattern().IsMatch(name))
            throw new ArgumentException(
                $"'{Shorten(name)}' is not a valid name: 1 to {MaxNameLength} characters of a-z, 0-9, '_' and '.', starting with a letter.",
                parameterName);
    }

    /// <summary>The stored name and shape version of an event object.</summary>
    internal (string Name, int Version) Describe(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (@event is EventData explicitly)
        {
            ValidateName(explicitly.Type, "events");
            return (explicitly.Type, byName.TryGetValue(explicitly.Type, out var known) ? known.Version : 1);
        }
        return byType.TryGetValue(@event.GetType(), out var registration)
            ? (registration.Name, registration.Version)
            : throw new ArgumentException($"Event type {@event.GetType()} is not registered; register it with a stable name.", "events");
    }

    /// <summary>Serialises event data (the payload of an <see cref="EventData"/>).</summary>
    internal string Serialize(object @event)
    {
        var data = @event is EventData explicitly ? explicitly.Data : @event;
        if (data is null) throw new ArgumentException("Event data is null.", "events");
        try
        {
            return JsonSerializer.Serialize(data, data.GetType(), SerializerOptions);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new EventSerializationException($"Event {data.GetType()} cannot be serialised to JSON: {e.Message}", e);
        }
    }

    /// <summary>Turns stored JSON into the current shape's object, upcasting older shapes.</summary>
    internal object Deserialize(string name, int version, string json)
    {
        try
        {
            if (!byName.TryGetValue(name, out var registration))
                return JsonDocument.Parse(json).RootElement.Clone();
            if (version < registration.Version)
                json = UpcastJson(name, version, registration.Version, json);
            return JsonSerializer.Deserialize(json, registration.ClrType, SerializerOptions)
                ?? throw new EventSerializationException($"Stored '{name}' event is JSON null.");
        }
        catch (JsonException e)
        {
            throw new EventSerializationException($"Stored '{name}' v{version} event cannot be read: {e.Message}", e);
        }
    }

    private string UpcastJson(string name, int from, int to, string json)
    {
        var node = JsonNode.Parse(json) as JsonObject
            ?? throw new EventSerializationException($"Stored '{name}' v{from} event is not a JSON object and cannot be upcast.");
        for (var version = from; version < to; version++)
        {
            if (!upcasters.TryGetValue((name, version), out var upcast))
                throw new EventSerializationException($"No upcaster turns '{name}' v{version} into v{version + 1}.");
            node = upcast(node);
        }
        return node.ToJsonString(SerializerOptions);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private sealed record Registration(string Name, int Version, Type ClrType);
}

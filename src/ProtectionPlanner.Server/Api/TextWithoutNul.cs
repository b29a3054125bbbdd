using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProtectionPlanner.Server.Api;

/// <summary>
/// Refuses request bodies with a text holding the character U+0000: PostgreSQL holds it neither in text nor behind its
/// json operators, so a text carrying one would be stored in an event and stop every projection reading that event,
/// for good. A type-info modifier checks each object's texts once it is read, which leaves the OpenAPI schemas alone
/// (a string converter would erase their types).
/// </summary>
public static class TextWithoutNul
{
    public const string Refusal = "must not contain the character U+0000.";

    /// <summary>Adds the check to every object type read from JSON with <paramref name="options"/>.</summary>
    public static void Refuse(JsonSerializerOptions options) =>
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Check);

    /// <summary>Whether a text (a query value, a header, a CSV body) holds U+0000.</summary>
    public static bool Holds(string text) => text.Contains('\0');

    private static void Check(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var texts = type.Properties
            .Where(p => p.Get is not null && (p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)))
            .ToList();
        if (texts.Count == 0) return;
        var after = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            foreach (var property in texts)
            {
                var held = property.Get!(value) switch
                {
                    string text => Holds(text),
                    IEnumerable<string> list => list.Any(text => text is not null && Holds(text)),
                    _ => false,
                };
                // The serializer adds the object's path; the property's name goes first in the message (JsonFieldHints).
                if (held) throw new JsonException($"{property.Name} {Refusal}");
            }
            after?.Invoke(value);
        };
    }
}

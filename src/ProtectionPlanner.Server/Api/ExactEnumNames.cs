using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProtectionPlanner.Server.Api;

/// <summary>
/// Enumerations by their exact names, as docs/api.md documents them. System.Text.Json's own converter also reads any
/// case, surrounding spaces and comma-separated lists; a request with those is refused here (a 400 naming the field
/// and the names, through <see cref="JsonFieldHints"/>). <see cref="Describe"/> lists the names in the OpenAPI
/// document, which learns them from System.Text.Json's converter only.
/// </summary>
public sealed class ExactEnumNames : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(typeToConvert))!;

    private sealed class Names<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> ByName =
            Enum.GetNames<TEnum>().ToDictionary(name => name, name => Enum.Parse<TEnum>(name), StringComparer.Ordinal);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? ReadAsPropertyName(ref reader, typeToConvert, options)
                : throw NotAName();

        public override TEnum ReadAsPropertyName(
            ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ByName.TryGetValue(reader.GetString()!, out var value) ? value : throw NotAName();

        private static JsonException NotAName() => new($"Expected one of {string.Join(", ", ByName.Keys)}.");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString());
    }

    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type);
        // A list of an enumeration lost its items' schema with this converter: they are described in place. (A
        // nullable enumeration's element type is the enumeration too.)
        if (nullable is null && context.JsonTypeInfo.ElementType is { IsEnum: true } element)
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = NameList(element) };
            return Task.CompletedTask;
        }
        if ((nullable ?? context.JsonTypeInfo.Type) is not { IsEnum: true } type) return Task.CompletedTask;
        // The schema is the enumeration's own (a component): where it is nullable, its property says so.
        schema.Type = JsonSchemaType.String;
        schema.Enum = NameList(type);
        return Task.CompletedTask;
    }

    private static List<JsonNode> NameList(Type type) =>
        [.. Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(name))];
}

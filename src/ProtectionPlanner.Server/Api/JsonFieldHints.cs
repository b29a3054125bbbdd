using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ProtectionPlanner.Server.Api;

/// <summary>
/// Says what a field of a request body accepts, from its JSON path and the endpoint's request type, so that a body
/// the JSON reader rejects gets an error naming the field and what would be valid, without CLR type names.
/// </summary>
public static partial class JsonFieldHints
{
    public static (string Field, string Message) Explain(Type? requestType, string? jsonPath, string readerMessage)
    {
        if (MissingProperties().Match(readerMessage) is { Success: true } missing)
        {
            var field = Join(Trim(jsonPath), missing.Groups[1].Value);
            return (field, "is required.");
        }
        var path = Trim(jsonPath);
        if (readerMessage.EndsWith(" " + TextWithoutNul.Refusal, StringComparison.Ordinal))
            return (Join(path, readerMessage[..readerMessage.IndexOf(' ', StringComparison.Ordinal)]), TextWithoutNul.Refusal);
        if (path.Length == 0) return ("body", "must be a JSON object of the documented shape.");
        var type = requestType is null ? null : Resolve(requestType, path);
        return (path, type is null ? "has a value of the wrong type." : Accepts(type));
    }

    private static string Accepts(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"must be one of {string.Join(", ", Enum.GetNames(type))}.";
        if (type == typeof(string)) return "must be text.";
        if (type == typeof(bool)) return "must be true or false.";
        if (type == typeof(Guid)) return "must be a UUID.";
        if (type == typeof(DateOnly)) return "must be a date (yyyy-mm-dd).";
        if (type == typeof(DateTimeOffset)) return "must be a date and time (ISO 8601).";
        if (type == typeof(int) || type == typeof(long)) return $"must be a whole number from {(type == typeof(int) ? int.MinValue : long.MinValue)} to {(type == typeof(int) ? int.MaxValue : long.MaxValue)}.";
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)) return "must be a list.";
        return "must be an object of the documented shape.";
    }

    /// <summary>Follows <c>assessment.perpetrator.name</c> or <c>details.indicators[2].kind</c> through property types.</summary>
    private static Type? Resolve(Type type, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return null;
            type = property.PropertyType;
            if (segment.Contains('[')) type = ElementType(type) ?? type;
        }
        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Trim(string? jsonPath) => jsonPath is null ? "" : jsonPath.TrimStart('$', '.');

    private static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperties();
}

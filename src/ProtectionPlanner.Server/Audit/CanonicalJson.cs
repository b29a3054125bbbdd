using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProtectionPlanner.Server.Audit;

/// <summary>
/// RFC 8785, the JSON Canonicalization Scheme: one byte sequence for every way of writing the same JSON value. Object
/// members sorted by their names' UTF-16 code units, no whitespace, strings with the minimal escaping of
/// ECMAScript's JSON.stringify, numbers as IEEE 754 doubles written as ECMAScript's Number.prototype.toString writes
/// them. PostgreSQL stores events as <c>jsonb</c>, which keeps values but not their text (key order, spacing, escapes,
/// <c>1.0</c> or <c>1E2</c>): the hash chain hashes this form, which the appending process and every verifier derive
/// alike. Pure.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Strict UTF-8: a lone surrogate is an error, as RFC 8785 asks, not a silent U+FFFD.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of a JSON text.</summary>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using var document = JsonDocument.ParseValue(ref reader);
        return Canonicalize(document.RootElement);
    }

    /// <summary>The canonical UTF-8 bytes of a JSON value.</summary>
    public static byte[] Canonicalize(JsonElement value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return Encode(text);
    }

    /// <summary>The canonical form as text, for tests and people.</summary>
    public static string ToText(string json) => Utf8.GetString(Canonicalize(Encoding.UTF8.GetBytes(json)));

    /// <summary>UTF-8 of canonical text; throws on a lone surrogate.</summary>
    public static byte[] Encode(StringBuilder canonical)
    {
        try
        {
            return Utf8.GetBytes(canonical.ToString());
        }
        catch (EncoderFallbackException e)
        {
            throw new FormatException("JSON text holds a lone UTF-16 surrogate, which has no canonical form.", e);
        }
    }

    /// <summary>Appends the canonical form of <paramref name="value"/>.</summary>
    public static void Write(StringBuilder output, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(output, value.EnumerateObject().Select(p => (p.Name, p.Value)));
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) output.Append(',');
                    first = false;
                    Write(output, item);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(output, Text(value));
                break;
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                // Most numbers in the record are small integers (versions, ratings, counts): below 2^53 a double holds
                // them exactly and ECMAScript writes their digits unchanged, so they need no round trip through one.
                if (IsSmallInteger(raw)) output.Append(raw == "-0" ? "0" : raw);
                else output.Append(Number(ParseDouble(raw)));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                throw new FormatException($"Not a JSON value: {value.ValueKind}.");
        }
    }

    /// <summary>Appends an object of the given members in canonical order; a repeated name is an error
    /// (I-JSON).</summary>
    public static void WriteObject(StringBuilder output, IEnumerable<(string Name, JsonElement Value)> members)
    {
        List<(string Name, JsonElement Value)> sorted;
        try
        {
            sorted = members.ToList();
        }
        catch (InvalidOperationException e) // a member name with an escaped lone surrogate
        {
            throw new FormatException(e.Message, e);
        }
        // Ordinal comparison of .NET strings is by UTF-16 code units: what RFC 8785 section 3.2.3 asks.
        sorted.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        output.Append('{');
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                if (sorted[i].Name == sorted[i - 1].Name)
                    throw new FormatException($"The member name '{sorted[i].Name}' appears twice in one object.");
                output.Append(',');
            }
            WriteString(output, sorted[i].Name);
            output.Append(':');
            Write(output, sorted[i].Value);
        }
        output.Append('}');
    }

    /// <summary>A string as JSON.stringify writes it: only <c>"</c>, <c>\</c> and control characters
    /// escaped.</summary>
    public static void WriteString(StringBuilder output, string value)
    {
        output.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case < ' ': output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: output.Append(c); break;
            }
        }
        output.Append('"');
    }

    /// <summary>
    /// A double as ECMAScript's Number::toString writes it (ECMA-262 section 6.1.6.1.20): the shortest digits that
    /// read back as the same double, in plain notation from 1e-7 up to 1e21 and in exponent notation outside.
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) throw new FormatException($"{value} is not a JSON number.");
        if (value == 0) return "0"; // -0 too
        // .NET (since Core 3.0) writes the shortest round-tripping digits; only their layout differs from ECMAScript.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, n) = DigitsAndExponent(shortest);
        var k = digits.Length;
        var text = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) text.Append(digits).Append('0', n - k);
        else if (0 < n && n <= 21) text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        else if (-6 < n && n <= 0) text.Append("0.").Append('0', -n).Append(digits);
        else
        {
            var exponent = n - 1;
            text.Append(digits[0]);
            if (k > 1) text.Append('.').Append(digits, 1, k - 1);
            text.Append('e').Append(exponent < 0 ? '-' : '+')
                .Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// The significant digits s (no leading or trailing zeros) and the exponent n of a positive number written by
    /// .NET, such that the number is 0.s × 10^n: ECMAScript's k is the length of s.
    /// </summary>
    private static (string Digits, int N) DigitsAndExponent(string written)
    {
        var e = written.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? written : written[..e];
        var exponent = e < 0 ? 0
            : int.Parse(written[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var integer = point < 0 ? mantissa : mantissa[..point];
        var all = integer + (point < 0 ? "" : mantissa[(point + 1)..]);
        var n = integer.Length + exponent;
        var leading = all.Length - all.TrimStart('0').Length;
        return (all.Trim('0'), n - leading);
    }

    /// <summary>A JSON string's value; an escaped lone surrogate (<c>"\ud800"</c>) has none.</summary>
    private static string Text(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>An integer of at most 15 digits (so below 2^53) as JSON writes it: no leading zeros, no
    /// fraction.</summary>
    private static bool IsSmallInteger(string raw)
    {
        var digits = raw.AsSpan(raw.StartsWith('-') ? 1 : 0);
        return digits.Length is > 0 and <= 15 && (digits[0] != '0' || digits.Length == 1)
               && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>A JSON number's text as the nearest double (IEEE 754 round-to-nearest, as JSON.parse reads
    /// it).</summary>
    private static double ParseDouble(string text)
    {
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? value
            : throw new FormatException($"{text} is beyond the range of IEEE 754 doubles.");
    }
}

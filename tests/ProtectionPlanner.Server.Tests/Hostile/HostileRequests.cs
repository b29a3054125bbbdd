using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>One request as the fuzzer sends it, printable in full so a failure can be replayed by hand.</summary>
public sealed record HostileRequest(
    string User, HttpMethod Method, string Url, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers,
    IReadOnlyList<string> Mutations)
{
    public HttpRequestMessage ToMessage()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Body is not null || ContentType is not null)
        {
            request.Content = new ByteArrayContent(Body ?? []);
            request.Content.Headers.ContentType = null;
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
        {
            if (name == "Authorization") request.Headers.Authorization = AuthenticationHeaderValue.TryParse(value, out var auth) ? auth : null;
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public override string ToString()
    {
        var headers = string.Join("; ", Headers.Select(h => $"{h.Name}: {Cut(h.Value, 120)}"));
        return $"[{string.Join(", ", Mutations)}] as {User}: {Method} {Cut(Url, 400)}" +
            $"{(headers.Length > 0 ? $" | {headers}" : "")} | Content-Type: {ContentType ?? "(none)"} | body: {Preview(Body)}";
    }

    private static string Preview(byte[]? body)
    {
        if (body is null) return "(none)";
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            return $"{Cut(text, 600)} ({body.Length} bytes)";
        }
        catch (DecoderFallbackException)
        {
            return $"invalid UTF-8, hex {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 300)))}{(body.Length > 300 ? "..." : "")} ({body.Length} bytes)";
        }
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : $"{text[..length]}...({text.Length} chars)";
}

/// <summary>
/// Makes hostile requests from a valid one: wrong types, huge and out-of-range numbers, deep nesting, very long strings,
/// nulls, extra and duplicated keys, invalid UTF-8, empty and junk bodies, wrong content types, malformed If-Match and
/// Idempotency-Key, random query strings and route segments. Everything comes from the <see cref="Random"/> given, so
/// a seed replays the same requests.
/// </summary>
public static class HostileRequests
{
    private const string Raw = "\u0001raw\u0001";

    /// <summary>JSON values that are legal JSON but wrong for almost any field: types, extremes, dates, texts.</summary>
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1.5", "-0", "1e308", "-1e308", "5e-324", "1e400", "-1e400",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483647", "-2147483648", "2147483648", "-2147483649",
        "123456789012345678901234567890123456789", "0.000000000000000000000000000000000001",
        "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"nul\\u0000in the middle\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uffff\"",
        "\"\u202e\u0644\u0627 RTL \ud83d\udca5 emoji\"", "\"<script>alert(1)</script>\"", "\"=HYPERLINK(\\\"http://x\\\")\"",
        "\"' or 1=1 --\"", "\"../../etc/passwd\"", "\"%00%ff\"", "\"\\r\\n\\t\\b\\f\"",
        "\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"",
        "\"9999-12-31T23:59:59+14:00\"", "\"10675199.02:48:05.4775807\"", "\"-10675199.02:48:05.4775808\"", "\"99:99:99\"",
        "\"-00:00:01\"", "\"00000000-0000-0000-0000-000000000000\"", $"\"{Guid.NewGuid()}\"", "\"not-a-guid\"",
        "\"ArmedGroupAttack\"", "\"NotAnEnumValue\"", "\"0\"", "\"1e308\"", "\"NaN\"", "\"Infinity\"",
        "[]", "[null]", "[1,\"a\",{},[]]", "{}", "{\"a\":{\"b\":{\"c\":null}}}", "{\"$type\":\"x\"}", "{\"__proto__\":{\"admin\":true}}",
    ];

    /// <summary>A value chosen to hurt: one of <see cref="Values"/>, or something very long, very wide or very deep.</summary>
    public static string Value(Random random) => random.Next(12) switch
    {
        0 => JsonSerializer.Serialize(new string('x', random.Next(2) == 0 ? 4_001 : 100_000)),
        1 => JsonSerializer.Serialize(string.Concat(Enumerable.Repeat("\ud83d\udca5\u0301", 2_000))),
        2 => $"[{string.Join(',', Enumerable.Range(0, random.Next(2) == 0 ? 51 : 20_000))}]",
        3 => Nested(random.Next(2) == 0 ? 65 : 1_000),
        _ => Values[random.Next(Values.Length)],
    };

    /// <summary><paramref name="depth"/> nested arrays and objects around a number.</summary>
    public static string Nested(int depth) =>
        string.Concat(Enumerable.Range(0, depth).Select(i => i % 2 == 0 ? "[" : "{\"a\":")) + "1" +
        string.Concat(Enumerable.Range(0, depth).Reverse().Select(i => i % 2 == 0 ? "]" : "}"));

    private static readonly string[] JunkBodies =
    [
        "", " ", "null", "true", "0", "\"x\"", "[]", "{}", "{", "}", "[", "{\"a\":}", "{}{}", "{} trailing", "\ufeff{}",
        "{'single':'quotes'}", "{a:1}", "/* comment */ {}", "{\"a\":1,}", "NaN", "Infinity", "<?xml version=\"1.0\"?><a>1</a>",
        "a=1&b=2", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n", "\0\0\0\0",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "text/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "application/json; charset=nonsense", "application/merge-patch+json",
        "application/octet-stream", "text/csv", "*/*", "application", "%%%; ;;", "application/json; boundary=\"",
    ];

    private static readonly string[] IfMatches =
    [
        "", "abc", "\"\"", "\"-1\"", "\"0\"", "\"1.5\"", "\"99999999999999999999999\"", "\"9223372036854775807\"", "*", "W/\"1\"",
        "\"1\", \"2\"", "\"1", "1\"", "\"\u0661\u0662\"", "\"+1\"", "\" 1\"", "\"0x10\"", $"\"{new string('9', 5_000)}\"", "W/", "\"\u0000\"",
    ];

    private static readonly string[] IdempotencyKeys =
    [
        "", " ", new('k', 100), new('k', 101), new('k', 10_000), "\u043a\u043b\u044e\u0447 \ud83d\udd11", "a\tb", ",,,", "\"quoted\"",
        "../../x", "%00", "null",
    ];

    private static readonly string[] Authorizations =
    [
        "Bearer", "Bearer ", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbjEifQ.", "Basic YWRtaW4xOmFkbWluMQ==",
        $"Bearer {new string('A', 20_000)}", "Negotiate x",
    ];

    private static readonly string[] QueryNames =
    [
        "reason", "version", "at", "from", "to", "limit", "cursor", "order", "actor", "role", "item", "component", "kind", "event",
        "since", "access_token", "", "x", "%00", "reason[]", "$filter",
    ];

    private static readonly string[] QueryValues =
    [
        "", "-1", "0", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "NaN", "%00", "%FF%FE",
        "%C0%AF", "%ED%A0%80", "' or 1=1 --", "<script>", "approval", "asc", "desc", "sideways", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.9999999%2B14:00", "2026-13-45", "-infinity", "threat", "planner1", Guid.NewGuid().ToString(),
        "bm90LWEtY3Vyc29y", "%%%", new('x', 3_000),
    ];

    private static readonly string[] Segments =
    [
        // No %00: TestServer throws on it in the client (Kestrel answers 400 before the app sees the request).
        "not-a-guid", "00000000-0000-0000-0000-000000000000", "%FF", "..", "%2e%2e%2f%2e%2e", new('a', 2_000), "%20",
        "\u0644\u0627", "1", "-1", "null", "%7B%7D",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xC3], [0xF4, 0x90, 0x80, 0x80], [0xFE, 0xFF], [0xE2, 0x82],
    ];

    /// <summary>A hostile variant of a valid request: one to three mutations of its body, headers, query or route.</summary>
    public static HostileRequest Mutate(
        Random random, string user, HttpMethod method, string url, string? body, string? ifMatch, string bodyType = "application/json")
    {
        var json = body;
        var contentType = body is null ? null : bodyType;
        var headers = new List<(string, string)>();
        if (ifMatch is not null) headers.Add(("If-Match", ifMatch));
        var mutations = new List<string>();
        byte[]? invalidBytes = null;
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(12))
            {
                case 0 or 1 or 2 when bodyType == "text/csv" && json is not null:
                    json = MutateCsv(random, json, mutations);
                    break;
                case 0 or 1 or 2:
                    json = MutateJson(random, json ?? "{}", mutations);
                    contentType ??= "application/json";
                    break;
                case 3:
                    json = Junk(random, json, mutations);
                    contentType ??= "application/json";
                    break;
                case 4:
                    invalidBytes = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                    json ??= "{}";
                    contentType ??= "application/json";
                    mutations.Add($"invalid UTF-8 {Convert.ToHexString(invalidBytes)}");
                    break;
                case 5:
                    contentType = random.Next(6) == 0 ? null : ContentTypes[random.Next(ContentTypes.Length)];
                    mutations.Add($"content type {contentType ?? "none"}");
                    break;
                case 6:
                    headers.RemoveAll(h => h.Item1 == "If-Match");
                    var tag = IfMatches[random.Next(IfMatches.Length)];
                    headers.Add(("If-Match", tag));
                    if (random.Next(4) == 0) headers.Add(("If-Match", IfMatches[random.Next(IfMatches.Length)]));
                    mutations.Add("If-Match");
                    break;
                case 7:
                    headers.Add(("Idempotency-Key", IdempotencyKeys[random.Next(IdempotencyKeys.Length)]));
                    if (random.Next(4) == 0) headers.Add(("Idempotency-Key", IdempotencyKeys[random.Next(IdempotencyKeys.Length)]));
                    mutations.Add("Idempotency-Key");
                    break;
                case 8:
                    headers.Add(("Authorization", Authorizations[random.Next(Authorizations.Length)]));
                    mutations.Add("Authorization");
                    break;
                case 9 or 10:
                    url = WithQuery(random, url);
                    mutations.Add("query");
                    break;
                default:
                    url = WithSegment(random, url);
                    mutations.Add("route segment");
                    break;
            }
        }
        var bytes = json is null ? null : Encoding.UTF8.GetBytes(json);
        if (invalidBytes is not null && bytes is not null) bytes = Insert(random, bytes, invalidBytes);
        return new HostileRequest(user, method, url, bytes, contentType, headers, mutations);
    }

    /// <summary>Changes one value, key or the shape of a JSON body; appends to the text when the body is not JSON (any more).</summary>
    private static string MutateJson(Random random, string json, List<string> mutations)
    {
        try
        {
            return MutateTree(random, json, JsonNode.Parse(json), mutations);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or ArgumentException)
        {
            mutations.Add("appended value");
            return json + Value(random);
        }
    }

    private static string MutateTree(Random random, string json, JsonNode? root, List<string> mutations)
    {
        var raw = Value(random);
        var slots = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, slots);
        switch (random.Next(6))
        {
            case 0 or 1 when slots.Count > 0:
                var (parent, name, index) = slots[random.Next(slots.Count)];
                if (name is not null) parent[name] = Raw;
                else parent[index] = Raw;
                mutations.Add($"value of {parent.GetPath()}.{name ?? index.ToString(CultureInfo.InvariantCulture)}");
                break;
            case 2 when slots.Any(s => s.Name is not null):
                var property = slots.Where(s => s.Name is not null).ElementAt(random.Next(slots.Count(s => s.Name is not null)));
                ((JsonObject)property.Parent).Remove(property.Name!);
                mutations.Add($"removed {property.Parent.GetPath()}.{property.Name}");
                return root!.ToJsonString();
            case 3 when slots.Any(s => s.Name is not null):
                // The same key twice, the second hostile: last-wins parsers and first-wins validators disagree.
                var duplicated = slots.Where(s => s.Name is not null).ElementAt(random.Next(slots.Count(s => s.Name is not null)));
                var text = root!.ToJsonString();
                var key = JsonSerializer.Serialize(duplicated.Name);
                var at = text.IndexOf(key + ":", StringComparison.Ordinal);
                mutations.Add($"duplicated key {duplicated.Name}");
                return at < 0 ? text : text[..at] + key + ":" + raw + "," + text[at..];
            case 4 when root is JsonObject body:
                var extra = random.Next(4) switch { 0 => "$type", 1 => "__proto__", 2 => new string('k', 10_000), _ => $"extra{random.Next(100)}" };
                body[extra] = Raw;
                mutations.Add($"extra property {(extra.Length > 20 ? "(long name)" : extra)}");
                break;
            default:
                mutations.Add("whole body");
                return random.Next(3) == 0 ? $"[{json}]" : raw;
        }
        return root!.ToJsonString().Replace(JsonSerializer.Serialize(Raw), raw, StringComparison.Ordinal);
    }

    /// <summary>Texts that hurt in a spreadsheet cell: control characters, formulas, open quotes, very long ones.</summary>
    private static readonly string[] Cells =
    [
        "\0", "a\0b", "\"", "\"unclosed", "\"\"\"", "=1+1", "@SUM(A1)", "\r", "\n\n", ",,,,,,,,,,", new('x', 5_000),
        "00:00:00", "-00:00:01", "10675199.02:48:05.4775807", "99:99", "NaN", "", " ", "\u202e", Guid.NewGuid().ToString(), "not-a-guid",
    ];

    private const int MaxCsvLength = 8 * 1024 * 1024;

    /// <summary>Changes one cell of a CSV text (or adds a row, or a very wide one).</summary>
    private static string MutateCsv(Random random, string csv, List<string> mutations)
    {
        var lines = csv.Split('\n').ToList();
        switch (random.Next(4))
        {
            case 0:
                lines.Add(string.Join(',', Enumerable.Range(0, random.Next(1, 5_000)).Select(_ => Cells[random.Next(Cells.Length)])));
                mutations.Add("csv: added a row");
                break;
            case 1:
                // Mutations compound (a very wide row, then many copies of it): stay within a few times the body limit,
                // which is all a larger body can test, not gigabytes.
                var copies = Math.Min(random.Next(2) == 0 ? 200 : 5_000, MaxCsvLength / Math.Max(1, lines[^1].Length));
                lines.AddRange(Enumerable.Repeat(lines[^1], copies));
                mutations.Add($"csv: {copies} more rows");
                break;
            default:
                var row = random.Next(lines.Count);
                var cells = lines[row].Split(',');
                var column = random.Next(cells.Length);
                cells[column] = Cells[random.Next(Cells.Length)];
                lines[row] = string.Join(',', cells);
                mutations.Add($"csv: cell {row}:{column}");
                break;
        }
        return string.Join('\n', lines);
    }

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int)> slots)
    {
        switch (node)
        {
            case JsonObject body:
                foreach (var (name, value) in body.ToList())
                {
                    slots.Add((body, name, -1));
                    Collect(value, slots);
                }
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    slots.Add((list, null, i));
                    Collect(list[i], slots);
                }
                break;
        }
    }

    private static string Junk(Random random, string? json, List<string> mutations)
    {
        switch (random.Next(5))
        {
            case 0 when json is { Length: > 1 }:
                var cut = random.Next(1, json.Length);
                mutations.Add($"truncated at {cut}");
                return json[..cut];
            case 1:
                mutations.Add("random characters");
                return new string(Enumerable.Range(0, random.Next(1, 2_000)).Select(_ => (char)random.Next(1, 0xD7FF)).ToArray());
            case 2:
                var closed = random.Next(2) == 0;
                mutations.Add(closed ? "nesting 1000 deep" : "nesting 100000 deep, unclosed");
                return closed ? Nested(1_000) : new string('[', 100_000);
            case 3:
                mutations.Add("body over 512 KiB");
                return "{\"a\":\"" + new string('x', 600 * 1024) + "\"}";
            default:
                var junk = JunkBodies[random.Next(JunkBodies.Length)];
                mutations.Add($"body {JsonSerializer.Serialize(junk)}");
                return junk;
        }
    }

    private static byte[] Insert(Random random, byte[] bytes, byte[] inserted)
    {
        // Inside a string when there is one, where a lenient reader would keep it; else anywhere.
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToList();
        var at = quotes.Count > 0 ? quotes[random.Next(quotes.Count)] + 1 : random.Next(bytes.Length + 1);
        return [.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)];
    }

    private static string WithQuery(Random random, string url)
    {
        var pairs = Enumerable.Range(0, 1 + random.Next(4))
            .Select(_ => $"{QueryNames[random.Next(QueryNames.Length)]}={QueryValues[random.Next(QueryValues.Length)]}");
        return url + (url.Contains('?') ? "&" : "?") + string.Join('&', pairs);
    }

    private static string WithSegment(Random random, string url)
    {
        var query = url.IndexOf('?');
        var path = query < 0 ? url : url[..query];
        var segments = path.Split('/');
        var ids = Enumerable.Range(0, segments.Length).Where(i => Guid.TryParse(segments[i], out _) || segments[i] == "planner1").ToList();
        if (ids.Count == 0) return url;
        segments[ids[random.Next(ids.Count)]] = random.Next(3) == 0 ? Guid.NewGuid().ToString() : Segments[random.Next(Segments.Length)];
        return string.Join('/', segments) + (query < 0 ? "" : url[query..]);
    }
}

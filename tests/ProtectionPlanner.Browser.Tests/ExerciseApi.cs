using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>What the exercise tests ask of the API directly, and how the report writes what they compare.</summary>
internal static class ExerciseApi
{
    public static async Task<JsonNode> PostAsync(HttpClient client, string url, object? body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A duration as the report writes it: "1 min 35 s", "12 s", "1 h 2 min".</summary>
    public static string Duration(double seconds)
    {
        var total = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        var parts = new List<string>();
        if (total / 3600 > 0) parts.Add($"{total / 3600} h");
        if (total % 3600 / 60 > 0) parts.Add($"{total % 3600 / 60} min");
        if (total % 60 > 0 || parts.Count == 0) parts.Add($"{total % 60} s");
        return string.Join(' ', parts);
    }
}

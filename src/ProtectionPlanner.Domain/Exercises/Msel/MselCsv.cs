using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Msel;

/// <summary>
/// The MSEL as a spreadsheet: one row per inject, in the columns MSEL templates use. Components are named by name or
/// "All"; the objective tested and the linked threat by their codes in the strategy (O-01, T-03). Pure.
/// </summary>
public static partial class MselCsv
{
    public const int MaxRows = 500;

    public static readonly string[] Columns =
        ["Inject No.", "Scenario Time", "Synopsis", "Delivery Method", "Target Players", "Expected Action", "Objective Tested", "Linked Threat", "Contingency"];

    private static readonly string[] RequiredColumns = ["Scenario Time", "Synopsis", "Delivery Method", "Expected Action"];

    public static string Write(ExercisePlay play)
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append("\r\n");
        foreach (var inject in play.Exercise.Injects.OrderBy(i => i.Details.ScenarioTime).ThenBy(i => i.Code, StringComparer.Ordinal))
        {
            var details = inject.Details;
            csv.AppendJoin(',', new[]
            {
                inject.Code, ExerciseRules.Format(details.ScenarioTime), details.Synopsis, details.Delivery.ToString(),
                details.TargetComponentIds.Count == 0 ? "All" : string.Join("; ", details.TargetComponentIds.Select(id => play.Mission.Component(id)?.Name ?? id.ToString())),
                details.ExpectedAction,
                details.ObjectiveId is { } objective ? play.Plan.Objectives.FirstOrDefault(o => o.Id == objective)?.Code ?? "" : "",
                details.ThreatId is { } threat ? play.Plan.Threat(threat)?.Code ?? "" : "",
                details.Contingency ? "Yes" : "No",
            }.Select(Csv.Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// The injects of <paramref name="text"/>, or <see cref="ValidationFailed"/> naming every bad row (by its line in
    /// the file, the header being line 1) and what is wrong with it.
    /// </summary>
    public static IReadOnlyList<InjectDetails> Read(string text, ExercisePlay play)
    {
        IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> rows;
        try
        {
            rows = Csv.Read(text);
        }
        catch (FormatException e)
        {
            throw Invalid("csv", e.Message);
        }
        if (rows.Count == 0) throw Invalid("csv", "is empty: the first line names the columns (" + string.Join(", ", Columns) + ").");
        var header = rows[0].Fields.Select(f => f.Trim()).ToList();
        var column = Columns.ToDictionary(name => name, name => header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase)));
        var missing = RequiredColumns.Where(name => column[name] < 0).ToList();
        if (missing.Count > 0) throw Invalid("header", $"misses the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.");
        if (rows.Count == 1) throw Invalid("csv", "has no injects: one row per inject follows the header.");
        if (rows.Count - 1 > MaxRows) throw Invalid("csv", $"has more than {MaxRows} injects.");

        var errors = new Dictionary<string, string[]>();
        var injects = new List<InjectDetails>();
        foreach (var (line, fields) in rows.Skip(1))
        {
            var problems = new List<string>();
            var inject = Row(fields, column, play, problems);
            if (problems.Count > 0) errors[$"row {line}"] = problems.ToArray();
            else injects.Add(inject!);
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);
        return injects;
    }

    private static InjectDetails? Row(IReadOnlyList<string> fields, Dictionary<string, int> column, ExercisePlay play, List<string> problems)
    {
        string Field(string name) => column[name] is var i and >= 0 && i < fields.Count ? Csv.Value(fields[i]) : "";
        Missions.Component? Component(string name) => play.Mission.Components.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

        var time = ParseTime(Field("Scenario Time"));
        if (time is null) problems.Add($"Scenario Time '{Field("Scenario Time")}' is not a scenario time such as T+01:30 (hours and minutes from the start).");
        var delivery = Enum.GetValues<DeliveryMethod>().Cast<DeliveryMethod?>()
            .FirstOrDefault(d => Simple(d.ToString()!) == Simple(Field("Delivery Method")));
        if (delivery is null) problems.Add($"Delivery Method '{Field("Delivery Method")}' is not one of {string.Join(", ", Enum.GetNames<DeliveryMethod>())}.");

        var targets = new List<Guid>();
        var players = Field("Target Players");
        if (players.Length > 0 && !players.Equals("All", StringComparison.OrdinalIgnoreCase))
            foreach (var name in players.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A name as a whole first (components such as "JOC/JMAC"), then as a list written with '/' or ','.
                var components = Component(name) is { } whole
                    ? [whole]
                    : name.Split(['/', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Component).ToList();
                if (components.Count == 0 || components.Any(c => c is null)) problems.Add($"Target Players: the mission has no component '{name}'.");
                else targets.AddRange(components.Select(c => c!.Id));
            }

        Guid? objective = null;
        if (Field("Objective Tested") is { Length: > 0 } objectiveCode)
        {
            objective = play.Plan.Objectives.FirstOrDefault(o => string.Equals(o.Code, objectiveCode, StringComparison.OrdinalIgnoreCase))?.Id;
            if (objective is null) problems.Add($"Objective Tested: the strategy has no objective '{objectiveCode}'.");
        }
        Guid? threat = null;
        if (Field("Linked Threat") is { Length: > 0 } threatCode)
        {
            threat = play.Plan.Threats.FirstOrDefault(t => string.Equals(t.Code, threatCode, StringComparison.OrdinalIgnoreCase))?.Id;
            if (threat is null) problems.Add($"Linked Threat: the strategy has no threat '{threatCode}'.");
        }
        var contingencyText = Field("Contingency");
        bool? contingency = contingencyText.ToLowerInvariant() switch { "" or "no" or "n" or "false" => false, "yes" or "y" or "true" => true, _ => null };
        if (contingency is null) problems.Add($"Contingency '{contingencyText}' is not Yes or No.");

        // The rules on the whole inject, also when a field above could not be read: every problem of the row at once.
        var details = new InjectDetails(time ?? TimeSpan.Zero, Field("Synopsis"), delivery ?? default, targets, Field("Expected Action"), objective, threat, contingency ?? false);
        var check = new Check();
        ExerciseRules.Check(check, "inject", details);
        try { check.ThrowIfInvalid(); }
        catch (ValidationFailed e) { problems.AddRange(e.Errors.SelectMany(error => error.Value.Select(m => $"{ColumnOf(error.Key)} {m}"))); }
        return time is null || delivery is null || contingency is null ? null : details;
    }

    /// <summary>T+01:30, 01:30 or +1:30: hours (any number) and minutes from the scenario's start.</summary>
    public static TimeSpan? ParseTime(string text)
    {
        var match = TimePattern().Match(text.Trim());
        return match.Success && int.TryParse(match.Groups["m"].Value, CultureInfo.InvariantCulture, out var minutes) && minutes < 60
               && int.TryParse(match.Groups["h"].Value, CultureInfo.InvariantCulture, out var hours)
            ? TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes)
            : null;
    }

    [GeneratedRegex(@"^(?:[Tt]\s*)?\+?\s*(?<h>[0-9]{1,3}):(?<m>[0-9]{2})$")]
    private static partial Regex TimePattern();

    private static string Simple(string text) => new(text.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());

    private static string ColumnOf(string field) => field switch
    {
        "inject.synopsis" => "Synopsis",
        "inject.expectedAction" => "Expected Action",
        "inject.scenarioTime" => "Scenario Time",
        "inject.targetComponentIds" => "Target Players",
        _ => field,
    };

    private static ValidationFailed Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

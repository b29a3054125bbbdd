using System.Text.Json;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Domain.Missions;
using static ProtectionPlanner.Domain.Tests.ExerciseFixtures;
using static ProtectionPlanner.Domain.Tests.Fixtures;
using Spec = ProtectionPlanner.Domain.Tests.Specification;
using X = ProtectionPlanner.Domain.Tests.ExerciseSpecification;

namespace ProtectionPlanner.Domain.Tests;

public sealed class MselCsvTests
{
    private const string Header = "Inject No.,Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action,Objective Tested,Linked Threat,Contingency";

    private static readonly Guid Threat = ExerciseFixtures.Threat;

    private static readonly InjectDetails Quoted = Details("Crowd gathers, \"armed men\" seen\r\nnear the market; 2nd line", TimeSpan.FromHours(26.75),
        [CivilAffairs], delivery: DeliveryMethod.MediaReport, expectedAction: "Civil Affairs calls the \"market committee\", then the JOC");

    private static readonly InjectDetails Formulas = Details("=HYPERLINK(\"http://example.org\")", TimeSpan.FromHours(2), [Police, Military],
        delivery: DeliveryMethod.Radio, expectedAction: "+254 700 000 000 is called; -then- @JOC is told");

    /// <summary>Five injects covering every column: targets (one, all, several), objective, threat, contingency, quoting, formulas.</summary>
    private static ExerciseSpecification WithMsel() =>
        Created().GivenBy(X.Controller,
            new InjectScripted(Spec.NewId(401), "I-01", MarketReport()),
            new InjectScripted(Spec.NewId(402), "I-02", Details("SITREP: crowds gather at the market", TimeSpan.FromHours(1), delivery: DeliveryMethod.SituationReport)),
            new InjectScripted(Spec.NewId(403), "I-03", Details("A trader calls UNPOL", TimeSpan.FromMinutes(10), [Military, Police], contingency: true, delivery: DeliveryMethod.Phone)),
            new InjectScripted(Spec.NewId(404), "I-04", Quoted),
            new InjectScripted(Spec.NewId(405), "I-05", Formulas));

    private static string Json(IEnumerable<InjectDetails> injects) => JsonSerializer.Serialize(injects.ToList());

    private static ValidationFailed Refused(string csv, ExerciseSpecification? spec = null)
    {
        spec ??= Created();
        return Assert.Throws<ValidationFailed>(() => spec.When(new ImportMsel(ExerciseId, csv), X.Controller));
    }

    // ---- Writing and reading back ----

    [Fact]
    public void A_written_msel_reads_back_as_the_same_injects_in_scenario_order()
    {
        var play = WithMsel().Play;

        var read = MselCsv.Read(MselCsv.Write(play), play);

        Assert.Equal(Json(play.Exercise.Injects.OrderBy(i => i.Details.ScenarioTime).Select(i => i.Details)), Json(read));
    }

    [Fact]
    public void The_msel_is_written_in_the_template_columns_with_names_and_codes()
    {
        var lines = MselCsv.Write(WithMsel().Play).Split("\r\n");

        Assert.Equal(Header, lines[0]);
        Assert.Equal("I-03,T+00:10,A trader calls UNPOL,Phone,Force; UNPOL,The JOC verifies and alerts the components,,,Yes", lines[1]);
        Assert.Equal("I-01,T+00:30,Armed men on motorbikes seen near Bentiu market,FieldReport,Force,Force deploys a patrol to the market,O-1,T-01,No", lines[2]);
        Assert.Equal("I-02,T+01:00,SITREP: crowds gather at the market,SituationReport,All,The JOC verifies and alerts the components,,,No", lines[3]);
        Assert.StartsWith("I-05,T+02:00,", lines[4]);
        Assert.StartsWith("I-04,T+26:45,", lines[5]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void Fields_with_commas_quotes_and_newlines_are_quoted_and_read_back_whole()
    {
        var play = WithMsel().Play;
        var csv = MselCsv.Write(play);

        Assert.Contains("\"Crowd gathers, \"\"armed men\"\" seen\r\nnear the market; 2nd line\"", csv);
        Assert.Contains("\"Civil Affairs calls the \"\"market committee\"\", then the JOC\"", csv);
        var read = MselCsv.Read(csv, play).Single(i => i.ScenarioTime == Quoted.ScenarioTime);
        Assert.Equal((Quoted.Synopsis, Quoted.ExpectedAction), (read.Synopsis, read.ExpectedAction));
    }

    [Fact]
    public void Cells_that_a_spreadsheet_would_run_as_formulas_are_guarded_and_read_back_unguarded()
    {
        var play = WithMsel().Play;
        var csv = MselCsv.Write(play);

        Assert.Contains(",\"'=HYPERLINK(\"\"http://example.org\"\")\",", csv);
        Assert.Contains(",'+254 700 000 000 is called; -then- @JOC is told,", csv);
        var read = MselCsv.Read(csv, play).Single(i => i.ScenarioTime == Formulas.ScenarioTime);
        Assert.Equal((Formulas.Synopsis, Formulas.ExpectedAction), (read.Synopsis, read.ExpectedAction));
    }

    [Theory]
    [InlineData("'=SUM(A1)", "=SUM(A1)")]
    [InlineData("'-5 degrees at night", "-5 degrees at night")]
    [InlineData("'@JOC alerted", "@JOC alerted")]
    [InlineData("'Tis the market day", "'Tis the market day")]
    [InlineData("  padded  ", "padded")]
    public void A_guarded_cell_loses_only_the_guard(string cell, string value) => Assert.Equal(value, Csv.Value(cell));

    [Fact]
    public void A_synopsis_starting_with_a_tab_reads_back_without_a_stray_apostrophe()
    {
        var indented = Details("\tIndented report from the field", TimeSpan.FromHours(3));
        var play = Created().GivenBy(X.Controller, new InjectScripted(Spec.NewId(401), "I-01", indented)).Play;

        var read = Assert.Single(MselCsv.Read(MselCsv.Write(play), play));

        Assert.Equal("Indented report from the field", read.Synopsis.Trim());
    }

    [Fact]
    public void A_component_whose_name_holds_a_slash_survives_the_round_trip()
    {
        var jocJmac = Spec.NewId(120);
        var spec = Created().GivenMission(new ComponentAdded(jocJmac, ComponentKind.PoliticalAffairs, "JOC/JMAC", new Capacity(12, [])));
        var play = spec.GivenBy(X.Controller, new InjectScripted(Spec.NewId(401), "I-01", Details("Alert from the JOC", TimeSpan.FromHours(1), [jocJmac, Police]))).Play;

        var read = Assert.Single(MselCsv.Read(MselCsv.Write(play), play));

        Assert.Equal([jocJmac, Police], read.TargetComponentIds);
    }

    // ---- Importing ----

    [Fact]
    public void Importing_scripts_every_row_with_the_next_codes()
    {
        var spec = Scripted();
        var csv = "Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action,Objective Tested,Linked Threat,Contingency\n" +
                  "T+03:00,Roadblock reported,Field Report,force / unpol,Patrol the road,o-1,t-01,y\n" +
                  "4:15,Radio silence from the outpost,radio,,Check the outpost,,,\n";

        var events = spec.When(new ImportMsel(ExerciseId, csv), X.Controller);

        Spec.Then(events,
            new InjectScripted(Spec.NewId(1), "I-05", new InjectDetails(TimeSpan.FromHours(3), "Roadblock reported", DeliveryMethod.FieldReport,
                [Military, Police], "Patrol the road", ObjectiveId, Threat, true)),
            new InjectScripted(Spec.NewId(2), "I-06", new InjectDetails(TimeSpan.FromHours(4.25), "Radio silence from the outpost", DeliveryMethod.Radio,
                [], "Check the outpost", null, null, false)));
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_case_and_extra_columns_are_ignored()
    {
        var csv = "\uFEFFNotes,EXPECTED ACTION,synopsis,Delivery Method,Scenario Time\r\nignored,Act,Shots heard,Briefing,T+00:05\r\n";

        Spec.Then(Created().When(new ImportMsel(ExerciseId, csv), X.Controller),
            new InjectScripted(Spec.NewId(1), "I-01", new InjectDetails(TimeSpan.FromMinutes(5), "Shots heard", DeliveryMethod.Briefing, [], "Act", null, null, false)));
    }

    [Fact]
    public void Bad_rows_are_named_by_their_line_with_what_is_wrong_and_no_row_is_imported()
    {
        var csv = string.Join("\n",
            "Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action,Linked Threat",
            "T+00:30,Good row,Field Report,Force,Patrol,T-01",
            "T+0x:30,Bad time,Email,All,Act,",
            "T+01:00,Bad delivery,Pigeon,All,Act,",
            "\"T+01:10\",\"Multi-line synopsis,",
            "still fine\",Email,UNPOL,Act,",
            "",
            "T+01:20,Unknown component,Email,Force; Navy,Act,",
            "T+01:30,Unknown threat,Email,All,Act,T-99",
            "T+01:40,,Email,All,Act,",
            "T+01:50,Another good row,Email,All,Act,");

        var failed = Refused(csv);

        Assert.Equal(["row 10", "row 3", "row 4", "row 8", "row 9"], failed.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Scenario Time 'T+0x:30' is not a scenario time such as T+01:30 (hours and minutes from the start)."], failed.Errors["row 3"]);
        Assert.Equal([$"Delivery Method 'Pigeon' is not one of {string.Join(", ", Enum.GetNames<DeliveryMethod>())}."], failed.Errors["row 4"]);
        Assert.Equal(["Target Players: the mission has no component 'Navy'."], failed.Errors["row 8"]);
        Assert.Equal(["Linked Threat: the strategy has no threat 'T-99'."], failed.Errors["row 9"]);
        Assert.Equal(["Synopsis is required."], failed.Errors["row 10"]);
    }

    [Fact]
    public void Every_problem_of_a_bad_row_is_listed()
    {
        var csv = "Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action,Linked Threat\n" +
                  "soon,,Pigeon,Navy,,T-99\n";

        var problems = Refused(csv).Errors["row 2"];

        Assert.Contains(problems, p => p.StartsWith("Scenario Time 'soon'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Delivery Method 'Pigeon'", StringComparison.Ordinal));
        Assert.Contains("Target Players: the mission has no component 'Navy'.", problems);
        Assert.Contains("Linked Threat: the strategy has no threat 'T-99'.", problems);
        Assert.Contains("Synopsis is required.", problems);
        Assert.Contains("Expected Action is required.", problems);
    }

    [Fact]
    public void Unknown_objectives_bad_contingency_and_scenario_times_past_thirty_days_are_named()
    {
        var csv = "Scenario Time,Synopsis,Delivery Method,Expected Action,Objective Tested,Contingency\n" +
                  "T+01:00,Objective,Email,Act,O-9,No\n" +
                  "T+01:00,Contingency,Email,Act,,Maybe\n" +
                  "T+721:00,Too late,Email,Act,,No\n";

        var failed = Refused(csv);

        Assert.Equal(["Objective Tested: the strategy has no objective 'O-9'."], failed.Errors["row 2"]);
        Assert.Equal(["Contingency 'Maybe' is not Yes or No."], failed.Errors["row 3"]);
        Assert.Equal(["Scenario Time must be from 0 to 30 days into the scenario."], failed.Errors["row 4"]);
    }

    [Theory]
    [InlineData("Scenario Time,Delivery Method,Expected Action", "misses the column Synopsis.")]
    [InlineData("Inject No.,Scenario Time,Delivery Method,Notes", "misses the columns Synopsis, Expected Action.")]
    public void A_missing_required_column_is_named_in_the_header(string header, string message)
    {
        var failed = Refused(header + "\nT+00:10,Email,Act\n");

        Assert.Equal([message], Assert.Single(failed.Errors, e => e.Key == "header").Value);
        Assert.Single(failed.Errors);
    }

    [Fact]
    public void A_quote_left_open_an_empty_file_and_too_many_rows_are_refused_as_a_whole()
    {
        Assert.Equal(["line 3: a quoted field is not closed."],
            Refused("Scenario Time,Synopsis,Delivery Method,Expected Action\nT+00:10,Fine,Email,Act\nT+00:20,\"Open,Email,Act\n").Errors["csv"]);
        Assert.StartsWith("is empty", Refused(",,,\n").Errors["csv"].Single(), StringComparison.Ordinal);
        Spec.ThenInvalid(() => Created().When(new ImportMsel(ExerciseId, " \n "), X.Controller), "csv");

        var tooMany = "Scenario Time,Synopsis,Delivery Method,Expected Action\n" + string.Concat(Enumerable.Repeat("T+00:10,Fine,Email,Act\n", MselCsv.MaxRows + 1));
        Assert.Equal([$"has more than {MselCsv.MaxRows} injects."], Refused(tooMany).Errors["csv"]);
    }

    [Fact]
    public void An_msel_is_not_imported_into_an_ended_exercise()
    {
        var ended = Started().After(TimeSpan.FromMinutes(1)).Given(new ExerciseEnded(TimeSpan.FromHours(1)));

        Spec.ThenConflict(() => ended.When(new ImportMsel(ExerciseId, "Scenario Time,Synopsis,Delivery Method,Expected Action\nT+00:10,Fine,Email,Act\n")), "exercise-ended");
    }

    // ---- Scenario times ----

    [Theory]
    [InlineData("T+01:30", 90)]
    [InlineData("t+01:30", 90)]
    [InlineData("01:30", 90)]
    [InlineData("+1:30", 90)]
    [InlineData(" T + 2:05 ", 125)]
    [InlineData("T+00:00", 0)]
    [InlineData("T+26:45", 26 * 60 + 45)]
    [InlineData("T+720:00", 720 * 60)]
    public void A_scenario_time_is_hours_and_minutes_from_the_start(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), MselCsv.ParseTime(text));

    [Theory]
    [InlineData("")]
    [InlineData("T+")]
    [InlineData("T+1:60")]
    [InlineData("T+1:5")]
    [InlineData("T-01:00")]
    [InlineData("T+1000:00")]
    [InlineData("1h30")]
    [InlineData("1.06:00:00")]
    [InlineData("T+01:30:00")]
    public void Anything_else_is_no_scenario_time(string text) => Assert.Null(MselCsv.ParseTime(text));

    [Theory]
    [InlineData("\u0661:30")]
    [InlineData("T+\u0660\u0661:\u0663\u0660")]
    [InlineData("T+\uFF11:30")]
    public void Digits_of_other_scripts_are_no_scenario_time_rather_than_an_error(string text)
    {
        Assert.Null(MselCsv.ParseTime(text));
    }

    [Fact]
    public void A_row_with_a_scenario_time_in_other_digits_is_named_like_any_bad_row()
    {
        var failed = Refused("Scenario Time,Synopsis,Delivery Method,Expected Action\nT+\u0661:30,Shots heard,Email,Act\n");

        Assert.Equal(["row 2"], failed.Errors.Keys);
    }

    [Fact]
    public void Format_writes_what_ParseTime_reads()
    {
        foreach (var time in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(5), TimeSpan.FromHours(23.5), TimeSpan.FromHours(26.75), ExerciseRules.LongestScenario })
            Assert.Equal(time, MselCsv.ParseTime(ExerciseRules.Format(time)));
    }

    // ---- CSV ----

    [Fact]
    public void Csv_rows_carry_the_line_they_start_on_and_blank_lines_are_skipped()
    {
        var rows = Csv.Read("\uFEFFa,b\r\n\r\n\"multi\nline\",x\r\nlast,\"\"\"quoted\"\"\"");

        Assert.Equal([1, 3, 5], rows.Select(r => r.Line));
        Assert.Equal(["a", "b"], rows[0].Fields);
        Assert.Equal(["multi\nline", "x"], rows[1].Fields);
        Assert.Equal(["last", "\"quoted\""], rows[2].Fields);
    }
}

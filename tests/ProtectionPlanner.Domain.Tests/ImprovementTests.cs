using System.Text.Json;
using System.Text.Json.Serialization;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Improvements;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class ImprovementTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Improvement = Specification.NewId(800);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid Unknown = Specification.NewId(900);
    private static readonly DateOnly Due = new(2027, 1, 31);

    private static ImprovementDetails PrePositioning(Guid? threatId = null) =>
        new(Specification.NewId(500), "Sector East table-top exercise", Specification.NewId(501),
            "Pre-position an FPU platoon in Bentiu on market days", "UNPOL Sector East", Due,
            Specification.NewId(502), "No reserve when the air assets are grounded", threatId);

    /// <summary>A draft with the market threat and an improvement adopted about it (version 3).</summary>
    private static Specification WithImprovement() =>
        StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()),
            new ImprovementAdopted(Improvement, PrePositioning(Threat)));

    private static Strategies.Improvement Adopted(Specification spec) => spec.Strategy.Improvement(Improvement)!;

    private static ChangeImprovementStatus Status(long version, ImprovementStatus status, string? reason = null) =>
        new(StrategyId, Improvement, version, status, reason);

    private static TurnImprovementIntoActivity Turn(long version, Guid activity, ActivityDetails details) =>
        new(StrategyId, Improvement, version, activity, details);

    [Fact]
    public void An_adopted_improvement_is_open_and_keeps_what_its_gap_is_about()
    {
        var improvement = Adopted(WithImprovement());

        Assert.Equal((ImprovementStatus.Open, Threat, "No reserve when the air assets are grounded", (Guid?)null),
            (improvement.Status, improvement.Details.ThreatId, improvement.Details.Gap, improvement.ActivityId));
    }

    [Fact]
    public void Adopting_an_improvement_about_a_threat_identified_only_in_play_keeps_the_gap_but_not_the_threat()
    {
        var spec = StrategyInDraft();

        Specification.Then(spec.When(new AdoptImprovement(StrategyId, Improvement, PrePositioning(Unknown))),
            new ImprovementAdopted(Improvement, PrePositioning()));
    }

    [Fact]
    public void An_improvement_stored_before_it_was_tracked_reads_as_open_with_nothing_about_its_gap()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter() },
        };
        const string details = """
            {"exerciseId":"00000000-0000-0000-0000-000000000500","exerciseName":"Sector East",
             "actionId":"00000000-0000-0000-0000-000000000501","description":"Pre-position","owner":"UNPOL",
             "due":"2027-01-31"}
            """;

        var adopted = JsonSerializer.Deserialize<ImprovementAdopted>(
            $$"""{"improvementId":"{{Improvement}}","improvement":""" + details + "}", options)!;
        var stored = JsonSerializer.Deserialize<Strategies.Improvement>($$"""
            {"id":"{{Improvement}}","code":null,"details":{{details}},
             "stamp":{"version":3,"changedBy":"planner1","changedAt":"2026-11-22T09:00:00Z"} }
            """, options)!;

        var carried = adopted.Improvement;
        Assert.Equal(((Guid?)null, (string?)null, (Guid?)null), (carried.GapId, carried.Gap, carried.ThreatId));
        Assert.Equal((ImprovementStatus.Open, (Guid?)null), (stored.Status, stored.ActivityId));
    }

    [Fact]
    public void An_improvement_moves_to_in_progress_then_done()
    {
        var spec = WithImprovement();

        Specification.Then(spec.When(Status(3, ImprovementStatus.InProgress, null)),
            new ImprovementStatusChanged(Improvement, ImprovementStatus.InProgress, null));
        spec.Given(new ImprovementStatusChanged(Improvement, ImprovementStatus.InProgress, null));
        Specification.Then(spec.When(Status(4, ImprovementStatus.Done, " Drilled ")),
            new ImprovementStatusChanged(Improvement, ImprovementStatus.Done, "Drilled"));
        spec.Given(new ImprovementStatusChanged(Improvement, ImprovementStatus.Done, "Drilled"));
        var done = Adopted(spec);
        Assert.Equal((ImprovementStatus.Done, "Drilled", 5L), (done.Status, done.Reason, done.Stamp.Version));
    }

    [Fact]
    public void Dropping_an_improvement_needs_a_reason()
    {
        var spec = WithImprovement();

        Specification.ThenInvalid(() => spec.When(Status(3, ImprovementStatus.Dropped, " ")), "reason");
        Specification.Then(spec.When(Status(3, ImprovementStatus.Dropped, "FPU redeployed to Malakal")),
            new ImprovementStatusChanged(Improvement, ImprovementStatus.Dropped, "FPU redeployed to Malakal"));
    }

    [Fact]
    public void A_status_outside_the_four_is_invalid()
    {
        var spec = WithImprovement();

        Specification.ThenInvalid(() => spec.When(Status(3, (ImprovementStatus)9, null)), "status");
    }

    [Fact]
    public void Setting_the_status_it_has_changes_nothing()
    {
        var spec = WithImprovement();

        Specification.ThenNothing(spec.When(Status(3, ImprovementStatus.Open, null)));
    }

    [Fact]
    public void Changing_an_unknown_improvement_is_not_found()
    {
        var spec = WithImprovement();

        var unknown = new ChangeImprovementStatus(StrategyId, Unknown, 3, ImprovementStatus.Done, null);

        Specification.ThenNotFound(() => spec.When(unknown),
            "Improvement", Unknown.ToString());
    }

    [Fact]
    public void Changing_an_improvement_someone_changed_since_is_an_item_conflict()
    {
        var spec = WithImprovement()
            .GivenBy("planner2", new ImprovementStatusChanged(Improvement, ImprovementStatus.InProgress, null));

        Specification.ThenItemConflict(() => spec.When(Status(3, ImprovementStatus.Done, null)),
            "'Pre-position an FPU platoon in Bentiu on market days'", 3, 4, "planner2");
    }

    [Fact]
    public void An_approved_strategy_needs_a_revision_before_an_improvement_changes()
    {
        var spec = WithImprovement().Given(ReviewedUpTo(Stage.Approved));

        Specification.ThenConflict(() => spec.When(Status(3, ImprovementStatus.Done, null)),
            "strategy-approved");
    }

    [Fact]
    public void An_improvement_past_its_due_date_is_overdue_until_done_or_dropped()
    {
        var improvement = Adopted(WithImprovement());
        var after = Due.AddDays(1);

        Assert.Equal((false, false, true, true, false, false),
            (improvement.IsOverdue(Due), improvement.IsOverdue(Due.AddDays(-1)), improvement.IsOverdue(after),
                (improvement with { Status = ImprovementStatus.InProgress }).IsOverdue(after),
                (improvement with { Status = ImprovementStatus.Done }).IsOverdue(after),
                (improvement with { Status = ImprovementStatus.Dropped }).IsOverdue(after)));
    }

    [Fact]
    public void Coherence_flags_an_overdue_improvement_as_a_warning_as_of_the_day_it_is_given()
    {
        var spec = WithImprovement();

        Assert.DoesNotContain(Coherence.Analyse(spec.Strategy, spec.Mission, Due).Findings,
            f => f.Kind == FindingKind.ImprovementOverdue);
        var finding = Assert.Single(Coherence.Analyse(spec.Strategy, spec.Mission, Due.AddDays(1)).Findings,
            f => f.Kind == FindingKind.ImprovementOverdue);
        var item = finding.Items.Single();
        Assert.Equal((Severity.Warning, "improvement", Improvement), (finding.Severity, item.Kind, item.Id));
        Assert.Contains("was due on 31 Jan 2027 and is still open", finding.Message);
    }

    [Fact]
    public void Turning_an_improvement_into_an_activity_plans_it_and_names_the_activity()
    {
        var spec = WithImprovement();

        var events = spec.When(Turn(3, Activity, Patrols([Threat])));

        Specification.Then(events, new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
            new ImprovementTurnedIntoActivity(Improvement, Activity));
        var improvement = Adopted(spec.Given([.. events]));
        Assert.Equal((Activity, ImprovementStatus.InProgress), (improvement.ActivityId, improvement.Status));
    }

    [Fact]
    public void An_improvement_that_became_an_activity_does_not_become_a_second_one()
    {
        var spec = WithImprovement().Given(new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
            new ImprovementTurnedIntoActivity(Improvement, Activity));

        Specification.ThenConflict(() => spec.When(Turn(5, Unknown, Patrols([Threat]))),
            "improvement-has-activity");
    }

    [Fact]
    public void Removing_the_activity_an_improvement_became_forgets_it_and_lets_it_become_another()
    {
        var spec = WithImprovement().Given(new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
            new ImprovementTurnedIntoActivity(Improvement, Activity), new ActivityRemoved(Activity));

        Assert.Null(Adopted(spec).ActivityId);
        Assert.Equal(2, spec.When(Turn(5, Unknown, Patrols([Threat]))).Count);
    }

    [Fact]
    public void A_done_or_dropped_improvement_does_not_become_an_activity()
    {
        var spec = WithImprovement()
            .Given(new ImprovementStatusChanged(Improvement, ImprovementStatus.Dropped, "Overtaken"));

        Specification.ThenConflict(() => spec.When(Turn(4, Activity, Patrols([Threat]))),
            "improvement-closed");
    }

    [Fact]
    public void An_improvement_becomes_an_activity_only_with_valid_details_and_known_threats()
    {
        var spec = WithImprovement();

        Specification.ThenInvalid(() => spec.When(Turn(3, Activity,
            Patrols([Threat]) with { Title = "" })), "details.title");
        Specification.ThenNotFound(() => spec.When(Turn(3, Activity,
            Patrols([Unknown]))), "Threat", Unknown.ToString());
    }

    private static TurnImprovementIntoRevisedActivity Revise(
        long improvementVersion, long activityVersion, ActivityDetails details) =>
        new(StrategyId, Improvement, improvementVersion, Activity, activityVersion, details);

    /// <summary>The improvement (version 3) and activity A-01 planned without it (version 4).</summary>
    private static Specification WithActivity() =>
        WithImprovement().Given(new ActivityPlanned(Activity, "A-01", Patrols([Threat])));

    [Fact]
    public void An_improvement_turns_an_existing_activity_into_a_revised_one_in_one_step()
    {
        var spec = WithActivity();
        var revised = Patrols([Threat]) with { Title = "Night patrols before market days" };

        var events = spec.When(Revise(3, 4, revised));

        Specification.Then(events, new ActivityRevised(Activity, revised),
            new ImprovementTurnedIntoActivity(Improvement, Activity));
        var improvement = Adopted(spec.Given([.. events]));
        Assert.Equal((Activity, ImprovementStatus.InProgress), (improvement.ActivityId, improvement.Status));
        Assert.Equal("Night patrols before market days", spec.Strategy.Activity(Activity)!.Details.Title);
    }

    [Fact]
    public void An_activity_that_already_does_what_the_improvement_asks_is_linked_without_a_revision()
    {
        Specification.Then(WithActivity().When(Revise(3, 4, Patrols([Threat]))),
            new ImprovementTurnedIntoActivity(Improvement, Activity));
    }

    [Fact]
    public void Revising_an_activity_for_an_improvement_checks_both_versions_and_what_the_improvement_allows()
    {
        var spec = WithActivity();

        Assert.Throws<ItemConflict>(() => spec.When(Revise(3, 3, Patrols([Threat]))));
        Assert.Throws<ItemConflict>(() => spec.When(Revise(2, 4, Patrols([Threat]))));
        Specification.ThenNotFound(() => spec.When(Revise(3, 4, Patrols([Unknown]))), "Threat", Unknown.ToString());
        Specification.ThenInvalid(() => spec.When(Revise(3, 4, Patrols([Threat]) with { Title = "" })),
            "details.title");
        spec.Given(new ImprovementStatusChanged(Improvement, ImprovementStatus.Done, "Patrols run"));
        Specification.ThenConflict(() => spec.When(Revise(5, 4, Patrols([Threat]))), "improvement-closed");
    }

    [Fact]
    public void An_improvement_that_became_an_activity_does_not_become_a_revision_of_another()
    {
        var other = Specification.NewId(201);
        var spec = WithActivity().Given(new ImprovementTurnedIntoActivity(Improvement, Activity),
            new ActivityPlanned(other, "A-02", Patrols([Threat])));

        Specification.ThenConflict(() => spec.When(
            new TurnImprovementIntoRevisedActivity(StrategyId, Improvement, 5, other, 6, Patrols([Threat]))),
            "improvement-has-activity");
    }
}

using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class ValidationTests
{
    private static IReadOnlyDictionary<string, string[]> Errors(Action<Check> checks)
    {
        var check = new Check();
        checks(check);
        return Assert.Throws<ValidationFailed>(check.ThrowIfInvalid).Errors;
    }

    private static void Valid(Action<Check> checks)
    {
        var check = new Check();
        checks(check);
        check.ThrowIfInvalid();
    }

    [Fact]
    public void A_check_with_no_errors_does_not_throw()
    {
        Valid(c => c.Required("name", "Force").Text("description", null).Range("likelihood", 3, 1, 5).Count("personnel", 0)
            .Defined("tier", Tier.Dialogue).List("principles", Array.Empty<string>()).NotEmpty("id", Specification.NewId(1)).That(true, "end", "never"));
    }

    [Fact]
    public void A_list_field_left_out_is_required_but_an_empty_one_is_fine()
    {
        Assert.Equal(["is required."], Errors(c => c.List("principles", (string[]?)null))["principles"]);
        Valid(c => c.List("principles", Array.Empty<string>()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Required_text_that_is_missing_or_blank_is_required(string? value)
    {
        Assert.Equal(["is required."], Errors(c => c.Required("name", value))["name"]);
    }

    [Fact]
    public void Short_text_may_be_two_hundred_characters_and_no_more()
    {
        Valid(c => c.Required("name", new string('x', Check.ShortText)));
        Assert.Equal(["is longer than 200 characters."], Errors(c => c.Required("name", Over(Check.ShortText)))["name"]);
    }

    [Fact]
    public void Long_text_may_be_four_thousand_characters_and_no_more()
    {
        Valid(c => c.Text("description", new string('x', Check.LongText)));
        Assert.Equal(["is longer than 4000 characters."], Errors(c => c.Text("description", Over(Check.LongText)))["description"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_value_outside_its_range_names_the_range(int value)
    {
        Assert.Equal(["must be from 1 to 5."], Errors(c => c.Range("assessment.likelihood", value, 1, 5))["assessment.likelihood"]);
    }

    [Fact]
    public void A_count_runs_from_zero_to_a_million()
    {
        Valid(c => c.Count("commitment.personnel", 0).Count("commitment.personnel", 1_000_000));
        Assert.Equal(["must be from 0 to 1000000."], Errors(c => c.Count("commitment.personnel", -1))["commitment.personnel"]);
        Assert.Equal(["must be from 0 to 1000000."], Errors(c => c.Count("commitment.personnel", 1_000_001))["commitment.personnel"]);
    }

    [Fact]
    public void An_undefined_enumeration_value_lists_the_defined_ones()
    {
        Assert.Equal(["must be one of Dialogue, PhysicalProtection, ProtectiveEnvironment."], Errors(c => c.Defined("details.tier", (Tier)42))["details.tier"]);
    }

    [Fact]
    public void A_list_may_hold_fifty_entries_and_no_more()
    {
        Valid(c => c.List("principles", Enumerable.Repeat("Do no harm", Check.ListSize).ToList()));
        Assert.Equal(["has more than 50 entries."], Errors(c => c.List("principles", Enumerable.Repeat("Do no harm", Check.ListSize + 1).ToList()))["principles"]);
    }

    [Fact]
    public void List_entries_are_checked_and_named_by_index()
    {
        var errors = Errors(c => c.List("alertPath", new[] { "JOC", null, "" }, each: (check, path, item) => check.Required(path, item)));

        Assert.Equal(["alertPath[1]", "alertPath[2]"], errors.Keys.Order());
    }

    [Fact]
    public void An_empty_id_is_required()
    {
        Assert.Equal(["is required."], Errors(c => c.NotEmpty("threatId", Guid.Empty))["threatId"]);
    }

    [Fact]
    public void Every_problem_of_every_field_is_collected_before_throwing()
    {
        var errors = Errors(c => c.Required("name", "").Add("name", "must be unique.").Range("impact", 9, 1, 5));

        Assert.Equal(["is required.", "must be unique."], errors["name"]);
        Assert.Equal(["must be from 1 to 5."], errors["impact"]);
    }

    [Fact]
    public void The_message_of_a_validation_failure_names_each_field_and_problem()
    {
        var failed = Assert.Throws<ValidationFailed>(() => new Check().Required("title", "").Range("impact", 0, 1, 5).ThrowIfInvalid());

        Assert.Equal("The command has invalid fields: title: is required.; impact: must be from 1 to 5.", failed.Message);
    }

    [Fact]
    public void A_command_is_validated_without_any_state()
    {
        var command = new IdentifyThreat(StrategyId, Specification.NewId(100), MarketAttack(likelihood: 0, impact: 6));

        var failed = Assert.Throws<ValidationFailed>(command.Validate);

        Assert.Equal(["assessment.impact", "assessment.likelihood"], failed.Errors.Keys.Order());
    }

    [Fact]
    public void Validation_comes_before_the_state_is_looked_at()
    {
        var noStrategy = new Specification();

        Specification.ThenInvalid(() => noStrategy.When(new IdentifyThreat(StrategyId, Specification.NewId(100), MarketAttack(likelihood: 6))), "assessment.likelihood");
    }
}

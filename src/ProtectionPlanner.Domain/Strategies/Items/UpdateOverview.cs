using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Items;

/// <summary>Sets the strategy's purpose, scope and principles. <see cref="ItemVersion"/>: the overview's version (0 before the first).</summary>
public sealed record UpdateOverview(Guid StrategyId, long ItemVersion, Overview Overview) : IStrategyCommand<UpdateOverview>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().Required("overview", Overview);
        if (Overview is not null)
            check.Required("overview.purpose", Overview.Purpose, Check.LongText).Required("overview.scope", Overview.Scope, Check.LongText)
                .List("overview.principles", Overview.Principles, each: (c, path, principle) => c.Required(path, principle, Check.LongText));
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, UpdateOverview command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        if (strategy.OverviewStamp is { } stamp) StrategyRules.Expect("Overview", "of the strategy", command.ItemVersion, stamp, strategy.Overview);
        else if (command.ItemVersion != 0) throw new NotFound("Overview version", command.ItemVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return StrategyRules.Same(strategy.Overview, command.Overview) ? [] : [new OverviewUpdated(command.Overview)];
    }
}

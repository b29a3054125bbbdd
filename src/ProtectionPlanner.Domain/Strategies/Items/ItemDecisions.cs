using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Items;

/// <summary>The add / revise / remove decisions shared by strategy items that are details plus a stamp.</summary>
internal static class ItemDecisions
{
    public static IReadOnlyList<object> Add<T>(Planning planning, Func<Strategy, IEnumerable<Item<T>>> items, string kind, Guid id, object added)
    {
        var strategy = StrategyRules.Editable(planning);
        if (items(strategy).Any(item => item.Id == id)) throw new StateConflict("item-exists", $"{kind} {id} already exists.");
        return [added];
    }

    public static IReadOnlyList<object> Revise<T>(
        Planning planning, Func<Strategy, IEnumerable<Item<T>>> items, string kind, Guid id, long itemVersion, T details, object revised)
    {
        var strategy = StrategyRules.Editable(planning);
        var item = StrategyRules.RequireItem(items(strategy), kind, id);
        StrategyRules.Expect(kind, item.Code ?? Name(item.Details) ?? id.ToString(), itemVersion, item.Stamp, item);
        return StrategyRules.Same(item.Details, details) ? [] : [revised];
    }

    public static IReadOnlyList<object> Remove<T>(
        Planning planning, Func<Strategy, IEnumerable<Item<T>>> items, string kind, Guid id, long itemVersion, object removed)
    {
        var strategy = StrategyRules.Editable(planning);
        var item = StrategyRules.RequireItem(items(strategy), kind, id);
        StrategyRules.Expect(kind, item.Code ?? Name(item.Details) ?? id.ToString(), itemVersion, item.Stamp, item);
        return [removed];
    }

    private static string? Name(object? details) => details switch
    {
        ObjectiveDetails o => $"'{o.Title}'",
        ForumDetails f => $"'{f.Name}'",
        EarlyWarningDetails w => $"'{w.Name}'",
        TensionDecisionDetails d => $"'{d.Question}'",
        HandoverDetails h => $"'{h.Title}'",
        _ => null,
    };
}

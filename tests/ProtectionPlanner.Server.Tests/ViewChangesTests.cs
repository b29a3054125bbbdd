using System.Text.Json.Nodes;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The item-by-item difference between two plan views (pure).</summary>
public sealed class ViewChangesTests
{
    private static JsonObject View(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Items_are_added_changed_and_removed_by_their_id_and_unchanged_ones_are_not_mentioned()
    {
        var before = View("""{"title":"A","threats":[{"id":"t1","l":3},{"id":"t2","l":1},{"id":"t3","l":2}]}""");
        var after = View("""{"title":"A","threats":[{"id":"t1","l":4},{"id":"t3","l":2},{"id":"t4","l":5}]}""");

        var changes = ViewChanges.Between(before, after);

        Assert.Equal(
            [("threat", "changed", "t1", "{\"id\":\"t1\",\"l\":4}"), ("threat", "added", "t4", "{\"id\":\"t4\",\"l\":5}"), ("threat", "removed", "t2", "")],
            changes.Select(c => (c.Kind, c.Op, c.Id, c.Item?.ToJsonString() ?? "")).ToList());
    }

    [Fact]
    public void Single_values_change_as_a_whole_and_coherence_items_are_keyed_by_what_they_point_at()
    {
        var before = View("""
            {"title":"A","lifecycle":{"stage":"Draft"},"coherence":{"findings":[{"kind":"ActivityWithoutLead","items":[{"id":"a1"}]}],
             "workload":[{"componentId":"c1","personnelCommitted":10}],"coverage":[]}}
            """);
        var after = View("""
            {"title":"B","lifecycle":{"stage":"Submitted"},"coherence":{"findings":[{"kind":"ActivityWithoutLead","items":[{"id":"a2"}]}],
             "workload":[{"componentId":"c1","personnelCommitted":25}],"coverage":[]}}
            """);

        var changes = ViewChanges.Between(before, after).Select(c => (c.Kind, c.Op, c.Id)).ToList();

        Assert.Equal(
            [("title", "changed", null), ("lifecycle", "changed", null), ("finding", "added", "ActivityWithoutLead:a2"),
             ("finding", "removed", "ActivityWithoutLead:a1"), ("workload", "changed", "c1")],
            changes);
    }

    [Fact]
    public void A_first_view_adds_everything_and_equal_views_change_nothing()
    {
        var view = View("""{"title":"A","threats":[{"id":"t1"}],"activities":[{"id":"a1"}]}""");

        Assert.Equal(["title", "threat", "activity"], ViewChanges.Between([], view).Select(c => c.Kind));
        Assert.Empty(ViewChanges.Between(view, View(view.ToJsonString())));
    }
}

using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The item-by-item difference between two plan views (pure), and the view document's round trip.</summary>
public sealed class ViewChangesTests
{
    [Fact]
    public void Items_are_added_changed_and_removed_by_their_id_and_unchanged_ones_are_not_mentioned()
    {
        var before = ViewDocument.Parse("""{"title":"A","threats":[{"id":"t1","l":3},{"id":"t2","l":1},{"id":"t3","l":2}]}""");
        var after = ViewDocument.Parse("""{"title":"A","threats":[{"id":"t1","l":4},{"id":"t3","l":2},{"id":"t4","l":5}]}""");

        var changes = ViewChanges.Between(before, after);

        Assert.Equal(
            [("threat", "changed", "t1", "{\"id\":\"t1\",\"l\":4}"), ("threat", "added", "t4", "{\"id\":\"t4\",\"l\":5}"), ("threat", "removed", "t2", "")],
            changes.Select(c => (c.Kind, c.Op, c.Id, c.Item?.ToJsonString() ?? "")).ToList());
    }

    [Fact]
    public void Single_values_change_as_a_whole_and_coherence_items_are_keyed_by_what_they_point_at()
    {
        var before = ViewDocument.Parse("""
            {"title":"A","lifecycle":{"stage":"Draft"},"coherence":{"findings":[{"kind":"ActivityWithoutLead","items":[{"id":"a1"}]}],
             "workload":[{"componentId":"c1","personnelCommitted":10}],"coverage":[]}}
            """);
        var after = ViewDocument.Parse("""
            {"title":"B","lifecycle":{"stage":"Submitted"},"coherence":{"findings":[{"kind":"ActivityWithoutLead","items":[{"id":"a2"}]}],
             "workload":[{"componentId":"c1","personnelCommitted":25}],"coverage":[]}}
            """);

        var changes = ViewChanges.Between(before, after).Select(c => (c.Kind, c.Op, c.Id)).ToList();

        Assert.Equal(
            [("title", "changed", null), ("lifecycle", "changed", null), ("workload", "changed", "c1"),
             ("finding", "added", "ActivityWithoutLead:a2"), ("finding", "removed", "ActivityWithoutLead:a1")],
            changes);
    }

    [Fact]
    public void A_first_view_adds_everything_and_a_document_read_back_changes_nothing()
    {
        var view = ViewDocument.Parse("""{"title":"A","threats":[{"id":"t1"}],"activities":[{"id":"a1"}]}""");

        Assert.Equal(["title", "mission", "lifecycle", "overview", "threat", "activity"], ViewChanges.Between(null, view).Select(c => c.Kind));
        Assert.Empty(ViewChanges.Between(view, ViewDocument.Parse(view.ToJson())));
    }
}

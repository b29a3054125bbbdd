using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The item-by-item difference between two plan views (pure), the view document's round trip, and its rows.</summary>
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

    [Fact]
    public void Rows_are_written_where_an_items_text_or_position_changed_and_a_shorter_list_is_cut()
    {
        var stored = ViewDocument.Parse("""{"title":"A","threats":[{"id":"t1","l":3},{"id":"t2","l":1},{"id":"t3","l":2}],"fora":[{"id":"f1"}]}""");
        var now = ViewDocument.Parse("""{"title":"B","threats":[{"id":"t1","l":4},{"id":"t3","l":2}],"fora":[{"id":"f1"}]}""");

        var (cuts, rows) = now.RowsSince(stored);

        Assert.Equal([("threats", 2)], cuts);
        Assert.Equal([("threats", 0, """{"id":"t1","l":4}"""), ("threats", 1, """{"id":"t3","l":2}""")], rows);
    }

    [Fact]
    public void Rows_not_known_to_hold_a_view_are_all_replaced_and_a_view_reads_back_from_them()
    {
        var view = ViewDocument.Parse("""{"title":"A","threats":[{"id":"t1"},{"id":"t2"}],"coherence":{"findings":[{"kind":"K","items":[{"id":"t2"}]}]}}""");

        var (cuts, rows) = view.RowsSince(null);
        var read = ViewDocument.Parse(view.SinglesJson(), rows.ToLookup(row => row.List, row => row.Json));

        Assert.Equal(ViewDocument.ListKinds.Select(list => (list.Path, 0)), cuts);
        Assert.Equal(3, rows.Count);
        Assert.Equal(view.ToJson(), read.ToJson());
        Assert.Empty(ViewChanges.Between(view, read));
    }

    [Fact]
    public void A_view_written_as_one_document_reads_its_lists_from_the_document_not_from_rows()
    {
        var whole = ViewDocument.Parse("""{"title":"A","threats":[{"id":"t1"}]}""").ToJson();

        var read = ViewDocument.Parse(whole, new[] { ("threats", """{"id":"stale"}""") }.ToLookup(row => row.Item1, row => row.Item2));

        Assert.Equal(["t1"], read.Lists["threats"].Select(entry => entry.Key));
    }
}

using System.Text.Json;
using ProtectionPlanner.Server.Tests.Exercises;
using static ProtectionPlanner.Server.Tests.Exercises.ExerciseApi;

namespace ProtectionPlanner.Server.Tests.MultiNode;

public sealed partial class MultiNodeTests
{
    [Fact]
    public async Task Both_nodes_clocks_release_each_scheduled_inject_exactly_once_also_when_it_came_due_while_no_node_ran()
    {
        await nodes.BothRunningAsync();
        using var controller = await nodes.A.ClientForAsync("controller1");
        var exerciseId = await controller.NewExerciseAsync("Two clocks");
        // Speed 10: the first eight come due together 2 s after the start (both nodes race for them), the last four
        // 12 s after it, while no node runs.
        var first = new List<Guid>();
        for (var i = 0; i < 8; i++) first.Add(await controller.ScriptAsync(exerciseId, Inject($"Together {i}", TimeSpan.FromSeconds(20))));
        var late = new List<Guid>();
        for (var i = 0; i < 4; i++) late.Add(await controller.ScriptAsync(exerciseId, Inject($"During the outage {i}", TimeSpan.FromMinutes(2))));
        var contingency = await controller.ScriptAsync(exerciseId, Inject("Only by hand", TimeSpan.FromSeconds(1), contingency: true));
        await controller.StartAsync(exerciseId, speed: 10);
        var startedAt = (await controller.BoardAsync(exerciseId)).GetProperty("clock").GetProperty("startedAt").GetDateTimeOffset();

        await ReleasedAsync(exerciseId, first, TimeSpan.FromSeconds(20));
        await nodes.A.KillAsync();
        await nodes.B.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var due = startedAt + TimeSpan.FromSeconds(12);
        Assert.True(killedAt < due, $"the nodes were killed at {killedAt:O}, after the late injects came due at {due:O}");
        if (due - DateTimeOffset.UtcNow is { Ticks: > 0 } wait) await Task.Delay(wait + TimeSpan.FromSeconds(1));
        await nodes.BothRunningAsync();
        await ReleasedAsync(exerciseId, late, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // both clocks ticked a few more times

        var releases = new List<(Guid Inject, bool Automatic, DateTimeOffset At)>();
        await using (var query = nodes.DataSource.CreateCommand(
            "select data ->> 'injectId', (data ->> 'automatic')::boolean, timestamp from planner.mt_events where stream_id = @id and type = 'inject_released'"))
        {
            query.Parameters.AddWithValue("id", exerciseId);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync()) releases.Add((Guid.Parse(reader.GetString(0)), reader.GetBoolean(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        Assert.Equal(first.Concat(late).Order(), releases.Select(r => r.Inject).Order());
        Assert.All(releases, r => Assert.True(r.Automatic));
        Assert.All(releases.Where(r => late.Contains(r.Inject)), r => Assert.True(r.At > killedAt, $"released at {r.At:O}, before the outage ended"));
        Assert.DoesNotContain(contingency, releases.Select(r => r.Inject));
    }

    private async Task ReleasedAsync(Guid exerciseId, IReadOnlyCollection<Guid> injects, TimeSpan timeout)
    {
        using var reader = await nodes.B.ClientForAsync("controller1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var board = await reader.BoardAsync(exerciseId);
            var released = board.GetProperty("injects").EnumerateArray()
                .Where(i => i.GetProperty("status").GetString() == "Released").Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
            if (injects.All(released.Contains)) return;
            if (clock.Elapsed > timeout) throw new TimeoutException($"{injects.Count(i => !released.Contains(i))} of {injects.Count} injects not released within {timeout}");
            await Task.Delay(200);
        }
    }
}

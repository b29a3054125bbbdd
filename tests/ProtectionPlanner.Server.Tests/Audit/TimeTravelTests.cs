using System.Text.Json;
using Marten;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Tests.Audit;

/// <summary>A strategy as it stood at a version or a moment, folded by Marten's time travel with states kept on the
/// way.</summary>
public sealed class TimeTravelTests(AuditedStore database) : IClassFixture<AuditedStore>
{
    private static readonly JsonSerializerOptions Json = EventTypes.SerializerOptions();

    [Fact]
    public async Task The_strategy_at_any_version_is_the_fold_of_its_events_up_to_it_whatever_was_asked_before()
    {
        var threats = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        // 1 + 50 + 400 = 451 events: past two multiples of TimeTravel.Every.
        var stream = await Appending.StartAsync(database.Store, [
            .. threats.Select((id, i) => Appending.Threat(id, $"T-{i:00}")),
            .. Enumerable.Range(0, 400).Select(i => Reassessed(threats[i % 50], $"Raids, reassessment {i}")),
        ]);
        await using var session = database.Store.QuerySession();
        var travel = new TimeTravel();

        foreach (var version in new long[] { 450, 1, 199, 200, 201, 399, 400, 451, 57 })
        {
            var expected = await session.Events.AggregateStreamAsync<Strategy>(stream, version);
            var folded = await travel.StrategyAtAsync(session, stream, version, CancellationToken.None);
            Assert.Equal(version, folded.Version);
            Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(folded, Json));
        }
        var beyond = await travel.StrategyAtAsync(session, stream, 1_000, CancellationToken.None);
        Assert.Equal(451, beyond.Version);
        Assert.Equal("Raids, reassessment 399", beyond.Threat(threats[399 % 50])!.Assessment.Title);
        var at152 = await travel.StrategyAtAsync(session, stream, 152, CancellationToken.None);
        Assert.Equal("Raids, reassessment 100", at152.Threat(threats[0])!.Assessment.Title);
    }

    [Fact]
    public async Task The_version_at_a_moment_is_that_of_the_last_event_at_or_before_it()
    {
        var threat = Guid.NewGuid();
        var stream = await Appending.StartAsync(database.Store, Appending.Threat(threat, "T-01"));
        await using var session = database.Store.QuerySession();
        var drafted = (await session.Events.FetchStreamAsync(stream))[^1].Timestamp;
        await Task.Delay(20);
        await Appending.AppendAsync(database.Store, stream, Reassessed(threat, "Raids (revised)"));
        var reassessed = (await session.Events.FetchStreamAsync(stream))[^1].Timestamp;

        Task<long> VersionAt(DateTimeOffset moment) =>
            TimeTravel.VersionAtAsync(session, stream, moment, CancellationToken.None);

        Assert.Equal(0, await VersionAt(drafted.AddTicks(-10)));
        Assert.Equal(2, await VersionAt(drafted));
        Assert.Equal(2, await VersionAt(reassessed.AddTicks(-10)));
        // The same moment on Kiribati's clock (UTC+14).
        Assert.Equal(3, await VersionAt(reassessed.ToOffset(TimeSpan.FromHours(14))));
    }

    private static ThreatReassessed Reassessed(Guid threat, string title) => new(threat, Sample.Threat(title));
}

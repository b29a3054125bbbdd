using JasperFx;
using JasperFx.Events;
using Marten;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Audit;

/// <summary>
/// A fresh database with the planner's Marten store (schema <c>planner</c>, the app's configuration, the hash chain)
/// and its tables in place. Tests append through Marten sessions as the command workflow does.
/// </summary>
public class AuditedStore : TestDatabase
{
    public const string Schema = MartenSetup.Schema;

    public DocumentStore Store { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Store = NewStore();
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
    }

    /// <summary>A store of its own, as another process of the app would have (its own known heads).</summary>
    public DocumentStore NewStore() => DocumentStore.For(options =>
    {
        MartenSetup.Configure(options);
        options.Connection(ConnectionString);
    });

    public Task<IntegrityReport> VerifyAsync(Guid? stream = null) =>
        RecordVerification.VerifyAsync(DataSource, Schema, stream);

    public override async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Appends the way <c>Commands/Workflow.Append</c> does: user, correlation, role, command id and
/// reason.</summary>
public static class Appending
{
    public static void Stamp(
        IDocumentSession session, string user = "planner1", string role = "planner", string? reason = null)
    {
        session.LastModifiedBy = user;
        session.CorrelationId = $"corr-{Guid.NewGuid():N}";
        session.CausationId = "cause-1";
        session.SetHeader("role", role);
        session.SetHeader("commandId", Guid.NewGuid().ToString());
        if (reason is not null) session.SetHeader("reason", reason);
    }

    /// <summary>Starts a strategy stream with the given events, stamped like a command.</summary>
    public static async Task<Guid> StartAsync(IDocumentStore store, params object[] events)
    {
        var id = Guid.NewGuid();
        await using var session = store.LightweightSession();
        Stamp(session);
        var stream = session.Events.StartStream<Strategy>(
            id, [new StrategyDrafted(id, Guid.NewGuid(), "POC strategy"), .. events]);
        Clock(stream.Events, 0);
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>Appends after the version the writer folded, as the command workflow does (FetchForWriting).</summary>
    public static async Task AppendAsync(IDocumentStore store, Guid id, params object[] events)
    {
        await using var session = store.LightweightSession();
        Stamp(session, reason: "new JMAC report");
        var stream = await session.Events.FetchForWriting<Strategy>(id);
        var version = stream.CurrentVersion ?? 0;
        stream.AppendMany(events);
        Clock(stream.Events, version);
        await session.SaveChangesAsync();
    }

    /// <summary>A strategy of five events: drafted, two threats identified, one reassessed twice.</summary>
    public static async Task<Guid> StreamOfFiveAsync(IDocumentStore store)
    {
        var threat = Guid.NewGuid();
        var id = await StartAsync(store, Threat(threat, "T-01"), Threat(Guid.NewGuid(), "T-02"));
        await AppendAsync(store, id, new ThreatReassessed(threat, Sample.Threat("Cattle raids (revised)")));
        await AppendAsync(store, id, new ThreatReassessed(threat, Sample.Threat("Cattle raids (revised again)")));
        return id;
    }

    public static ThreatIdentified Threat(Guid id, string code, string title = "Cattle raids on riverside villages") =>
        new(id, code, Sample.Threat(title));

    public static MissionRegistered Mission(Guid id) =>
        new(id, "United Nations Mission (fictional, tests)", "UNMT", MissionKind.Pko, "Testland", Sample.Mandate());

    /// <summary>The app's clock, to the microsecond PostgreSQL keeps, with the versions set: as Workflow.Append
    /// does.</summary>
    private static void Clock(IReadOnlyList<IEvent> events, long version)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var e in events)
        {
            e.Timestamp = HashChain.Stored(now);
            e.Version = ++version;
        }
    }
}

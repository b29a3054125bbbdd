using System.Data.Common;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Storage;
using ICommandBuilder = Weasel.Postgresql.ICommandBuilder;
using IStorageOperation = Marten.Internal.Operations.IStorageOperation;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>Texts written as one <c>json[]</c> parameter (Npgsql would send a <c>string[]</c> as
/// <c>text[]</c>).</summary>
public sealed record JsonTexts(string[] Texts);

/// <summary>
/// One SQL statement a read model queues in the daemon's batch (<c>?</c> for each parameter, arrays for many rows at
/// once): Marten sends it with the batch's other statements and the projection's progress, in one transaction.
/// </summary>
public sealed class ReadModelWrite(string sql, params object?[] values) : IStorageOperation
{
    public Type DocumentType => typeof(Marten.Storage.StorageFeatures);

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        var parameters = builder.AppendWithParameters(sql, '?');
        for (var i = 0; i < parameters.Length; i++)
        {
            // Typed by their values (the builder makes text parameters), the JSON texts as json.
            parameters[i].ResetDbType();
            if (values[i] is JsonTexts json)
            {
                parameters[i].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json;
                parameters[i].Value = json.Texts;
            }
            else parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) =>
        Task.CompletedTask;

    public OperationRole Role() => OperationRole.Other;
}

/// <summary>
/// The last statement a read model queues in a batch: the batch's notifications on <see cref="Channel"/>, in order
/// (PostgreSQL delivers them to every listening node when, and only if, the batch commits), and what the read model
/// does once it knows the batch committed (<see cref="ReadModelCommits"/>).
/// </summary>
public sealed class ReadModelCommit(string channel, IReadOnlyList<string> notices, Action? committed)
    : IStorageOperation
{
    public string Channel { get; } = channel;

    public IReadOnlyList<string> Notices { get; } = notices;

    public Action? Committed { get; } = committed;

    public Type DocumentType => typeof(Marten.Storage.StorageFeatures);

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        var parameters = builder.AppendWithParameters(
            "select pg_notify(?, n.notice) from unnest(?) with ordinality as n(notice, i) order by n.i", '?');
        parameters[0].ResetDbType();
        parameters[0].Value = Channel;
        parameters[1].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text;
        parameters[1].Value = Notices.ToArray();
    }

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) =>
        Task.CompletedTask;

    public OperationRole Role() => OperationRole.Other;
}

/// <summary>
/// Told by Marten after each daemon batch commits (an async listener): runs the read models' commit actions and hands
/// their notifications to this node at once (<see cref="Notified"/>), so the subscribers on the node that runs the
/// projection do not wait for PostgreSQL's delivery; the copy PostgreSQL delivers afterwards finds them pushed.
/// Sessions of a rebuild add it as a listener of their own.
/// </summary>
public sealed class ReadModelCommits : IChangeListener
{
    /// <summary>A committed notification (channel, payload), in the order the batch sent them.</summary>
    public event Action<string, string>? Notified;

    public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit is not IUnitOfWork work) return Task.CompletedTask;
        foreach (var done in work.Operations().OfType<ReadModelCommit>())
        {
            done.Committed?.Invoke();
            foreach (var notice in done.Notices) Notified?.Invoke(done.Channel, notice);
        }
        return Task.CompletedTask;
    }

    public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) =>
        Task.CompletedTask;
}

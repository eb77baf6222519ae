using GuestSync.Gateway.Postgres;
using Npgsql;
using static GuestSync.Gateway.Outbox.PostgresOutboxRows;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The shared outbox of a fleet (<c>Store:Provider=Postgres</c>): the same contract and semantics as
/// <see cref="SqliteOutboxStore"/>, for several replicas on one database. Every write is one short transaction;
/// a merge locks the item's row (<c>SELECT … FOR UPDATE</c>) and runs <see cref="OutboxPatchMerger"/> inside it;
/// replicas lease with <c>FOR UPDATE SKIP LOCKED</c> and a lease column, so no transaction stays open across the
/// HTTP call and a replica that dies mid-delivery loses its items to the others when the lease ends.
/// Durable when a call returns as far as the server's <c>synchronous_commit</c> goes (the default, <c>on</c>,
/// waits for the local WAL flush; a failover deployment needs a synchronous standby, see the README).
/// </summary>
internal sealed partial class PostgresOutboxStore : IOutboxStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxPending;
    private readonly TimeProvider _timeProvider;
    private readonly OutboxFaultLog _faults;
    private readonly PostgresOutboxLog _outage;

    public PostgresOutboxStore(NpgsqlDataSource dataSource, int maxPending, TimeProvider timeProvider, ILogger<PostgresOutboxStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _maxPending = maxPending;
        _timeProvider = timeProvider;
        _faults = new OutboxFaultLog(logger, timeProvider);
        _outage = new PostgresOutboxLog(logger, timeProvider);
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Name = $"PostgreSQL database '{builder.Database}' on '{builder.Host}'";
    }

    /// <summary>The database, as named in errors and logs (never with credentials).</summary>
    public string Name { get; }

    public Task InitializeAsync(CancellationToken cancellationToken) => PostgresSchema.MigrateAsync(_dataSource, cancellationToken);

    public Task<OutboxEnqueued> EnqueueAsync(OutboxSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return WriteAsync(connection => EnqueueAsync(connection, submission, cancellationToken), unavailableOnFailure: true, cancellationToken);
    }

    public async ValueTask<bool> HasPendingAsync(string org, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(_dataSource, "SELECT 1 FROM guestsync_outbox WHERE org = @org AND key = @key", ("org", org), ("key", key));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<OutboxItem>> LeaseAsync(string org, string owner, int max, DateTimeOffset now, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        await using var command = Command(_dataSource, $"""
            UPDATE guestsync_outbox SET lease_owner = @owner, lease_until = @until
            WHERE id IN (SELECT id FROM guestsync_outbox
                         WHERE org = @org AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                           AND NOT EXISTS (SELECT 1 FROM guestsync_inflight f
                                           WHERE f.org = guestsync_outbox.org AND f.key = guestsync_outbox.key AND f.until > @now)
                         ORDER BY first_accepted_at, id LIMIT @max
                         FOR UPDATE SKIP LOCKED)
            RETURNING {PendingColumns}
            """, ("owner", owner), ("until", now + leaseFor), ("org", org), ("now", now), ("max", max));
        var items = await ReadAllAsync(command, Item, cancellationToken);
        return [.. items.OrderBy(i => i.FirstAcceptedAt).ThenBy(i => i.Id)];
    }

    public Task CompleteAsync(OutboxItem item, DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            if (!await DeleteIfUnchangedAsync(connection, item, cancellationToken))
            {
                await ReleaseAsync(connection, item, attempt, attempt.At, cancellationToken);
            }

            return true;
        }, unavailableOnFailure: false, cancellationToken);

    public Task RetryLaterAsync(OutboxItem item, DeliveryAttempt attempt, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        WriteAsync(connection => ReleaseAsync(connection, item, attempt, notBefore, cancellationToken), unavailableOnFailure: false, cancellationToken);

    public Task DeadLetterAsync(OutboxItem item, DeliveryAttempt attempt, string reason, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            await InsertDeadLetterAsync(connection, item, attempt, reason, cancellationToken);
            if (!await DeleteIfUnchangedAsync(connection, item, cancellationToken))
            {
                await ReleaseAsync(connection, item, attempt, attempt.At, cancellationToken);
            }

            return true;
        }, unavailableOnFailure: false, cancellationToken);

    public async Task<IReadOnlyList<string>> PendingOrgsAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(_dataSource, "SELECT DISTINCT org FROM guestsync_outbox ORDER BY org");
        return await ReadAllAsync(command, r => r.GetString(0), cancellationToken);
    }

    public async Task<OutboxBacklog> BacklogAsync(string org, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(_dataSource, """
            SELECT count(*), min(first_accepted_at),
                   min(CASE WHEN lease_until IS NULL OR lease_until <= @now THEN next_attempt_at ELSE greatest(next_attempt_at, lease_until) END)
            FROM guestsync_outbox WHERE org = @org
            """, ("org", org), ("now", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var depth = reader.GetInt64(0);
        var oldest = depth == 0 ? TimeSpan.Zero : now - Time(reader, 1);
        return new OutboxBacklog(org, depth, oldest < TimeSpan.Zero ? TimeSpan.Zero : oldest, OptionalTime(reader, 2));
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = Command(_dataSource, $"SELECT {DeadLetterColumns} FROM guestsync_dead_letters ORDER BY id LIMIT @max", ("max", max));
        return await ReadAllAsync(command, PostgresOutboxRows.DeadLetter, cancellationToken);
    }

    public Task<int> RequeueDeadLettersAsync(IReadOnlyCollection<long>? ids, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            var letters = await LockDeadLettersAsync(connection, ids, cancellationToken);
            foreach (var letter in letters)
            {
                await RequeueAsync(connection, letter, now, cancellationToken);
            }

            return letters.Count;
        }, unavailableOnFailure: false, cancellationToken);

    public Task<int> PurgeDeadLettersAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            await using var command = Command(connection, "DELETE FROM guestsync_dead_letters WHERE @all OR id = ANY(@ids)", ("all", ids is null), ("ids", ids?.ToArray() ?? []));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, unavailableOnFailure: false, cancellationToken);
}

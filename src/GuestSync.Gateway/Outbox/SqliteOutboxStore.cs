using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using static GuestSync.Gateway.Outbox.SqliteCommands;
using static GuestSync.Gateway.Outbox.SqliteOutboxRows;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The embedded outbox: one SQLite file in WAL mode with <c>synchronous=FULL</c> (a commit survives power
/// loss), one connection, one writer at a time, every write in a <c>BEGIN IMMEDIATE</c> transaction with the
/// merge inside it. The gateway process owns the file; leases still guard items, so an operator command run
/// beside the gateway is safe.
/// </summary>
/// <remarks>
/// Which (org, key) pairs are pending is mirrored in memory, kept under the write gate as rows are inserted and deleted:
/// every live post asks it, and a query there would serialise the live path on the one connection. The process owns
/// the file, so the mirror is exact for everything this gateway writes; a dead letter requeued by the operator verb from
/// another process is read back on the deliverer's next pass (<see cref="RefreshKeysAfterOtherWriters"/>).
/// </remarks>
internal sealed partial class SqliteOutboxStore : IOutboxStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString;
    private readonly int _maxPending;
    private readonly TimeProvider _timeProvider;
    private readonly OutboxFaultLog _faults;
    private readonly ConcurrentDictionary<(string Org, string Key), byte> _pendingKeys = new();
    private SqliteConnection? _connection;
    private long _dataVersion = -1;

    public SqliteOutboxStore(string connectionString, int maxPending, TimeProvider timeProvider, ILogger<SqliteOutboxStore> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        File = builder.DataSource;
        _connectionString = builder.ToString();
        _maxPending = maxPending;
        _timeProvider = timeProvider;
        _faults = new OutboxFaultLog(logger, timeProvider);
    }

    /// <summary>The database file, as named in errors.</summary>
    public string File { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null)
            {
                return;
            }

            _connection = Open();
            using var keys = Command(_connection, "SELECT org, key FROM pending");
            foreach (var key in ReadAll(keys, r => (r.GetString(0), r.GetString(1))))
            {
                _pendingKeys[key] = 0;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<OutboxEnqueued> EnqueueAsync(OutboxSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return WriteAsync(connection => Enqueue(connection, submission), unavailableOnFailure: true, cancellationToken,
            committed: _ => _pendingKeys[(submission.Org, submission.Key)] = 0);
    }

    public ValueTask<bool> HasPendingAsync(string org, string key, CancellationToken cancellationToken) =>
        _connection is null ? throw new InvalidOperationException("The outbox store is not initialized.")
            : ValueTask.FromResult(_pendingKeys.ContainsKey((org, key)));

    public Task<IReadOnlyList<OutboxItem>> LeaseAsync(string org, string owner, int max, DateTimeOffset now, TimeSpan leaseFor, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<OutboxItem>>(connection =>
        {
            using var command = Command(connection, $"""
                UPDATE pending SET lease_owner = $owner, lease_until = $until
                WHERE id IN (SELECT id FROM pending
                             WHERE org = $org AND next_attempt_at <= $now AND (lease_until IS NULL OR lease_until <= $now)
                             ORDER BY first_accepted_at, id LIMIT $max)
                RETURNING {PendingColumns}
                """, ("$owner", owner), ("$until", Ticks(now + leaseFor)), ("$org", org), ("$now", Ticks(now)), ("$max", max));
            return [.. ReadAll(command, Item).OrderBy(i => i.FirstAcceptedAt).ThenBy(i => i.Id)];
        }, unavailableOnFailure: false, cancellationToken);

    public Task CompleteAsync(OutboxItem item, DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        WriteAsync(connection =>
        {
            if (Execute(connection, "DELETE FROM pending WHERE id = $id AND version = $version", ("$id", item.Id), ("$version", item.Version)) == 0)
            {
                Release(connection, item, attempt, attempt.At);
                return false;
            }

            return true;
        }, unavailableOnFailure: false, cancellationToken, committed: deleted => Forget(item, deleted));

    public Task RetryLaterAsync(OutboxItem item, DeliveryAttempt attempt, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        WriteAsync(connection => Release(connection, item, attempt, notBefore), unavailableOnFailure: false, cancellationToken);

    public Task DeadLetterAsync(OutboxItem item, DeliveryAttempt attempt, string reason, CancellationToken cancellationToken) =>
        WriteAsync(connection =>
        {
            Execute(connection, $"""
                INSERT INTO dead_letters (org, key, profile, guest_id, method, path, content_type, body, targets, first_accepted_at, last_accepted_at,
                                          attempts, last_status, last_error, last_correlation_id, first_correlation_id, reason, dead_at)
                VALUES ($org, $key, $profile, $guest, $method, $path, $type, $body, $targets, $first, $last,
                        $attempts, $status, $error, $correlation, $firstCorrelation, $reason, $at)
                """,
                ("$org", item.Org), ("$key", item.Key), ("$profile", item.Profile), ("$guest", item.GuestId), ("$method", item.Request.Method),
                ("$path", item.Request.PathAndQuery), ("$type", item.Request.ContentType), ("$body", item.Request.Body.ToArray()), ("$targets", item.Targets),
                ("$first", Ticks(item.FirstAcceptedAt)), ("$last", Ticks(item.LastAcceptedAt)), ("$attempts", item.Attempts + (reason == OutboxReasons.Expired ? 0 : 1)),
                ("$status", attempt.Status == 0 ? item.LastStatus : attempt.Status), ("$error", attempt.Error),
                ("$correlation", attempt.GenesysCorrelationId ?? item.LastGenesysCorrelationId), ("$firstCorrelation", item.FirstCorrelationId),
                ("$reason", reason), ("$at", Ticks(attempt.At)));
            if (Execute(connection, "DELETE FROM pending WHERE id = $id AND version = $version", ("$id", item.Id), ("$version", item.Version)) == 0)
            {
                Release(connection, item, attempt, attempt.At);
                return false;
            }

            return true;
        }, unavailableOnFailure: false, cancellationToken, committed: deleted => Forget(item, deleted));

    public Task<IReadOnlyList<string>> PendingOrgsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(c =>
        {
            RefreshKeysAfterOtherWriters(c);
            using var command = Command(c, "SELECT DISTINCT org FROM pending ORDER BY org");
            return ReadAll(command, r => r.GetString(0));
        }, cancellationToken);

    public Task<OutboxBacklog> BacklogAsync(string org, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var command = Command(c, """
                SELECT COUNT(*), MIN(first_accepted_at),
                       MIN(CASE WHEN lease_until IS NULL OR lease_until <= $now THEN next_attempt_at ELSE MAX(next_attempt_at, lease_until) END)
                FROM pending WHERE org = $org
                """, ("$org", org), ("$now", Ticks(now)));
            using var reader = command.ExecuteReader();
            reader.Read();
            var depth = reader.GetInt64(0);
            var oldest = depth == 0 ? TimeSpan.Zero : now - Time(reader.GetInt64(1));
            DateTimeOffset? nextDue = reader.IsDBNull(2) ? null : Time(reader.GetInt64(2));
            return new OutboxBacklog(org, depth, oldest < TimeSpan.Zero ? TimeSpan.Zero : oldest, nextDue);
        }, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<DeadLetter>>(c =>
        {
            using var command = Command(c, $"SELECT {DeadLetterColumns} FROM dead_letters ORDER BY id LIMIT $max", ("$max", max));
            return ReadAll(command, SqliteOutboxRows.DeadLetter);
        }, cancellationToken);

    public async Task<int> RequeueDeadLettersAsync(IReadOnlyCollection<long>? ids, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await WriteAsync(connection =>
        {
            var letters = SelectDeadLetters(connection, ids);
            foreach (var letter in letters)
            {
                Requeue(connection, letter, now);
            }

            return letters;
        }, unavailableOnFailure: false, cancellationToken, committed: letters =>
        {
            foreach (var letter in letters)
            {
                _pendingKeys[(letter.Org, letter.Key)] = 0;
            }
        })).Count;

    public Task<int> PurgeDeadLettersAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken) =>
        WriteAsync(connection => SelectDeadLetters(connection, ids).Sum(letter => Execute(connection, "DELETE FROM dead_letters WHERE id = $id", ("$id", letter.Id))),
            unavailableOnFailure: false, cancellationToken);

    /// <summary>
    /// Each delivery pass: when another connection (the operator verb) committed to the file since the last look
    /// (<c>PRAGMA data_version</c> moves only for other connections' commits), the mirror is read again.
    /// </summary>
    private void RefreshKeysAfterOtherWriters(SqliteConnection connection)
    {
        var version = Convert.ToInt64(Scalar(connection, "PRAGMA data_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version == _dataVersion)
        {
            return;
        }

        _dataVersion = version;
        using var keys = Command(connection, "SELECT org, key FROM pending");
        var now = ReadAll(keys, r => (r.GetString(0), r.GetString(1))).ToHashSet();
        foreach (var key in now)
        {
            _pendingKeys[key] = 0;
        }

        foreach (var key in _pendingKeys.Keys.Where(key => !now.Contains(key)))
        {
            _pendingKeys.TryRemove(key, out _);
        }
    }

    private void Forget(OutboxItem item, bool deleted)
    {
        if (deleted)
        {
            _pendingKeys.TryRemove((item.Org, item.Key), out _);
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
        _gate.Dispose();
    }
}

using Microsoft.Data.Sqlite;
using static GuestSync.Gateway.Outbox.SqliteCommands;
using static GuestSync.Gateway.Outbox.SqliteOutboxRows;

namespace GuestSync.Gateway.Outbox;

internal sealed partial class SqliteOutboxStore
{
    private OutboxEnqueued Enqueue(SqliteConnection connection, OutboxSubmission s)
    {
        using (var select = Command(connection, $"SELECT {PendingColumns} FROM pending WHERE org = $org AND key = $key", ("$org", s.Org), ("$key", s.Key)))
        {
            if (ReadAll(select, Item).FirstOrDefault() is { } existing)
            {
                var merge = OutboxPatchMerger.Merge(existing.Request, existing.Targets, s.Request, s.AcceptedAt);
                UpdateMerged(connection, existing, merge, s.AcceptedAt, requeuedAt: null, s.TraceParent);
                return new OutboxEnqueued(existing.Id, existing.Version + 1, Merged: true);
            }
        }

        var pending = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM pending"), System.Globalization.CultureInfo.InvariantCulture);
        if (pending >= _maxPending)
        {
            _faults.StoreFull(File, _maxPending);
            throw new OutboxUnavailableException($"The outbox holds Delivery:MaxPending ({_maxPending}) items.") { IsFull = true };
        }

        var start = OutboxPatchMerger.Start(s.Request, s.AcceptedAt);
        var id = Insert(connection, s.Org, s.Key, s.Profile, s.GuestId, start, s.AcceptedAt, s.AcceptedAt, s.CorrelationId, requeuedAt: null, s.TraceParent);
        return new OutboxEnqueued(id, 1, Merged: false);
    }

    private void Requeue(SqliteConnection connection, DeadLetter letter, DateTimeOffset now)
    {
        using (var select = Command(connection, $"SELECT {PendingColumns} FROM pending WHERE org = $org AND key = $key", ("$org", letter.Org), ("$key", letter.Key)))
        {
            if (ReadAll(select, Item).FirstOrDefault() is { } existing)
            {
                var merge = OutboxPatchMerger.Merge(existing.Request, existing.Targets, letter.Request, letter.Targets);
                UpdateMerged(connection, existing with { FirstAcceptedAt = Min(existing.FirstAcceptedAt, letter.FirstAcceptedAt) }, merge, letter.LastAcceptedAt, now, traceParent: null);
            }
            else
            {
                var merge = new OutboxMerge(letter.Request, letter.Targets);
                Insert(connection, letter.Org, letter.Key, letter.Profile, letter.GuestId, merge, letter.FirstAcceptedAt, letter.LastAcceptedAt, letter.FirstCorrelationId, now, traceParent: null);
            }
        }

        Execute(connection, "DELETE FROM dead_letters WHERE id = $id", ("$id", letter.Id));
    }

    /// <remarks>A traced submission's <paramref name="traceParent"/> replaces the item's: the delivery links to the latest.</remarks>
    private static void UpdateMerged(SqliteConnection connection, OutboxItem existing, OutboxMerge merge, DateTimeOffset acceptedAt, DateTimeOffset? requeuedAt, string? traceParent) =>
        Execute(connection, """
            UPDATE pending SET method = $method, path = $path, content_type = $type, body = $body, targets = $targets, version = version + 1,
                               first_accepted_at = MIN(first_accepted_at, $first), last_accepted_at = MAX(last_accepted_at, $last),
                               requeued_at = COALESCE($requeued, requeued_at), trace_parent = COALESCE($trace, trace_parent)
            WHERE id = $id
            """,
            ("$method", merge.Request.Method), ("$path", merge.Request.PathAndQuery), ("$type", merge.Request.ContentType), ("$body", merge.Request.Body.ToArray()),
            ("$targets", merge.Targets), ("$first", Ticks(Min(existing.FirstAcceptedAt, acceptedAt))), ("$last", Ticks(acceptedAt)),
            ("$requeued", Ticks(requeuedAt)), ("$trace", traceParent), ("$id", existing.Id));

    private long Insert(SqliteConnection connection, string org, string key, string profile, string guestId, OutboxMerge merge,
        DateTimeOffset firstAcceptedAt, DateTimeOffset lastAcceptedAt, string correlationId, DateTimeOffset? requeuedAt, string? traceParent)
    {
        using var command = Command(connection, """
            INSERT INTO pending (org, key, profile, guest_id, method, path, content_type, body, targets, version, first_accepted_at, last_accepted_at,
                                 requeued_at, next_attempt_at, attempts, first_correlation_id, trace_parent)
            VALUES ($org, $key, $profile, $guest, $method, $path, $type, $body, $targets, 1, $first, $last, $requeued, $due, 0, $correlation, $trace)
            RETURNING id
            """,
            ("$org", org), ("$key", key), ("$profile", profile), ("$guest", guestId), ("$method", merge.Request.Method), ("$path", merge.Request.PathAndQuery),
            ("$type", merge.Request.ContentType), ("$body", merge.Request.Body.ToArray()), ("$targets", merge.Targets), ("$first", Ticks(firstAcceptedAt)),
            ("$last", Ticks(lastAcceptedAt)), ("$requeued", Ticks(requeuedAt)), ("$due", Ticks(requeuedAt ?? _timeProvider.GetUtcNow())), ("$correlation", correlationId),
            ("$trace", traceParent));
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Frees an item this owner leased, due at <paramref name="due"/>, recording the attempt. A lease
    /// another owner took since (ours expired) is left alone.</summary>
    private static bool Release(SqliteConnection connection, OutboxItem item, DeliveryAttempt attempt, DateTimeOffset due) =>
        Execute(connection, """
            UPDATE pending SET lease_owner = NULL, lease_until = NULL, next_attempt_at = $due, attempts = attempts + 1,
                               last_status = $status, last_error = $error, last_correlation_id = COALESCE($correlation, last_correlation_id)
            WHERE id = $id AND (lease_owner IS NULL OR lease_owner = $owner)
            """,
            ("$due", Ticks(due)), ("$status", attempt.Status), ("$error", attempt.Error), ("$correlation", attempt.GenesysCorrelationId),
            ("$id", item.Id), ("$owner", item.LeaseOwner)) > 0;

    private static List<DeadLetter> SelectDeadLetters(SqliteConnection connection, IReadOnlyCollection<long>? ids)
    {
        using var command = Command(connection, $"SELECT {DeadLetterColumns} FROM dead_letters ORDER BY id");
        var letters = ReadAll(command, SqliteOutboxRows.DeadLetter);
        return ids is null ? letters : [.. letters.Where(l => ids.Contains(l.Id))];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

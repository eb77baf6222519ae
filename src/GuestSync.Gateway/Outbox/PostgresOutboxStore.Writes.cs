using Npgsql;
using static GuestSync.Gateway.Outbox.PostgresOutboxRows;

namespace GuestSync.Gateway.Outbox;

internal sealed partial class PostgresOutboxStore
{
    private async Task<OutboxEnqueued> EnqueueAsync(NpgsqlConnection connection, OutboxSubmission s, CancellationToken cancellationToken)
    {
        // Two replicas may insert the same new key at once: the loser's INSERT does nothing (after waiting for the
        // winner's commit) and its next SELECT … FOR UPDATE, a new snapshot under READ COMMITTED, finds the row to merge into.
        for (var attempt = 0; ; attempt++)
        {
            if (await LockPendingAsync(connection, s.Org, s.Key, cancellationToken) is { } existing)
            {
                var merge = OutboxPatchMerger.Merge(existing.Request, existing.Targets, s.Request, s.AcceptedAt);
                await UpdateMergedAsync(connection, existing, merge, s.AcceptedAt, s.AcceptedAt, requeuedAt: null, s.TraceParent, cancellationToken);
                return new OutboxEnqueued(existing.Id, existing.Version + 1, Merged: true);
            }

            await using (var count = Command(connection, "SELECT count(*) FROM guestsync_outbox"))
            {
                // A soft limit across replicas: two inserting at the same moment may each see room for one.
                if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= _maxPending)
                {
                    _faults.StoreFull(Name, _maxPending);
                    throw new OutboxUnavailableException($"The outbox holds Delivery:MaxPending ({_maxPending}) items.") { IsFull = true };
                }
            }

            var start = OutboxPatchMerger.Start(s.Request, s.AcceptedAt);
            if (await InsertAsync(connection, s.Org, s.Key, s.Profile, s.GuestId, start, s.AcceptedAt, s.AcceptedAt, s.CorrelationId, null, s.TraceParent, cancellationToken) is { } id)
            {
                return new OutboxEnqueued(id, 1, Merged: false);
            }

            if (attempt == 2)
            {
                throw new OutboxUnavailableException($"The outbox item for one key kept changing under {Name}.");
            }
        }
    }

    private async Task RequeueAsync(NpgsqlConnection connection, DeadLetter letter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await LockPendingAsync(connection, letter.Org, letter.Key, cancellationToken) is { } existing)
        {
            var merge = OutboxPatchMerger.Merge(existing.Request, existing.Targets, letter.Request, letter.Targets);
            await UpdateMergedAsync(connection, existing, merge, letter.FirstAcceptedAt, letter.LastAcceptedAt, now, traceParent: null, cancellationToken);
        }
        else
        {
            await InsertAsync(connection, letter.Org, letter.Key, letter.Profile, letter.GuestId, new OutboxMerge(letter.Request, letter.Targets),
                letter.FirstAcceptedAt, letter.LastAcceptedAt, letter.FirstCorrelationId, now, traceParent: null, cancellationToken);
        }

        await using var delete = Command(connection, "DELETE FROM guestsync_dead_letters WHERE id = @id", ("id", letter.Id));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<OutboxItem?> LockPendingAsync(NpgsqlConnection connection, string org, string key, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, $"SELECT {PendingColumns} FROM guestsync_outbox WHERE org = @org AND key = @key FOR UPDATE", ("org", org), ("key", key));
        return (await ReadAllAsync(select, Item, cancellationToken)).FirstOrDefault();
    }

    /// <remarks>A traced submission's <paramref name="traceParent"/> replaces the item's: the delivery links to the latest.</remarks>
    private static async Task UpdateMergedAsync(NpgsqlConnection connection, OutboxItem existing, OutboxMerge merge,
        DateTimeOffset firstAcceptedAt, DateTimeOffset lastAcceptedAt, DateTimeOffset? requeuedAt, string? traceParent, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            UPDATE guestsync_outbox SET method = @method, path = @path, content_type = @type, body = @body, targets = @targets, version = version + 1,
                                        first_accepted_at = least(first_accepted_at, @first), last_accepted_at = greatest(last_accepted_at, @last),
                                        requeued_at = coalesce(@requeued, requeued_at), trace_parent = coalesce(@trace, trace_parent)
            WHERE id = @id
            """,
            ("method", merge.Request.Method), ("path", merge.Request.PathAndQuery), ("type", merge.Request.ContentType), ("body", merge.Request.Body.ToArray()),
            ("targets", merge.Targets), ("first", firstAcceptedAt), ("last", lastAcceptedAt), ("requeued", requeuedAt), ("trace", traceParent), ("id", existing.Id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The new item's id, or null when another replica inserted the same key first.</summary>
    private async Task<long?> InsertAsync(NpgsqlConnection connection, string org, string key, string profile, string guestId, OutboxMerge merge,
        DateTimeOffset firstAcceptedAt, DateTimeOffset lastAcceptedAt, string correlationId, DateTimeOffset? requeuedAt, string? traceParent,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            INSERT INTO guestsync_outbox (org, key, profile, guest_id, method, path, content_type, body, targets, version, first_accepted_at,
                                          last_accepted_at, requeued_at, next_attempt_at, attempts, first_correlation_id, trace_parent)
            VALUES (@org, @key, @profile, @guest, @method, @path, @type, @body, @targets, 1, @first, @last, @requeued, @due, 0, @correlation, @trace)
            ON CONFLICT ON CONSTRAINT guestsync_outbox_one_per_key DO NOTHING
            RETURNING id
            """,
            ("org", org), ("key", key), ("profile", profile), ("guest", guestId), ("method", merge.Request.Method), ("path", merge.Request.PathAndQuery),
            ("type", merge.Request.ContentType), ("body", merge.Request.Body.ToArray()), ("targets", merge.Targets), ("first", firstAcceptedAt),
            ("last", lastAcceptedAt), ("requeued", requeuedAt), ("due", requeuedAt ?? _timeProvider.GetUtcNow()), ("correlation", correlationId),
            ("trace", traceParent));
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static async Task<bool> DeleteIfUnchangedAsync(NpgsqlConnection connection, OutboxItem item, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "DELETE FROM guestsync_outbox WHERE id = @id AND version = @version", ("id", item.Id), ("version", item.Version));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Frees an item this owner leased, due at <paramref name="due"/>, recording the attempt. A lease
    /// another replica took since (ours expired) is left alone.</summary>
    private static async Task<bool> ReleaseAsync(NpgsqlConnection connection, OutboxItem item, DeliveryAttempt attempt, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            UPDATE guestsync_outbox SET lease_owner = NULL, lease_until = NULL, next_attempt_at = @due, attempts = attempts + 1,
                                        last_status = @status, last_error = @error, last_correlation_id = coalesce(@correlation, last_correlation_id)
            WHERE id = @id AND (lease_owner IS NULL OR lease_owner = @owner)
            """,
            ("due", due), ("status", attempt.Status), ("error", attempt.Error), ("correlation", attempt.GenesysCorrelationId), ("id", item.Id), ("owner", item.LeaseOwner));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task InsertDeadLetterAsync(NpgsqlConnection connection, OutboxItem item, DeliveryAttempt attempt, string reason, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            INSERT INTO guestsync_dead_letters (org, key, profile, guest_id, method, path, content_type, body, targets, first_accepted_at, last_accepted_at,
                                                attempts, last_status, last_error, last_correlation_id, first_correlation_id, reason, dead_at)
            VALUES (@org, @key, @profile, @guest, @method, @path, @type, @body, @targets, @first, @last,
                    @attempts, @status, @error, @correlation, @firstCorrelation, @reason, @at)
            """,
            ("org", item.Org), ("key", item.Key), ("profile", item.Profile), ("guest", item.GuestId), ("method", item.Request.Method),
            ("path", item.Request.PathAndQuery), ("type", item.Request.ContentType), ("body", item.Request.Body.ToArray()), ("targets", item.Targets),
            ("first", item.FirstAcceptedAt), ("last", item.LastAcceptedAt), ("attempts", item.Attempts + (reason == OutboxReasons.Expired ? 0 : 1)),
            ("status", attempt.Status == 0 ? item.LastStatus : attempt.Status), ("error", attempt.Error),
            ("correlation", attempt.GenesysCorrelationId ?? item.LastGenesysCorrelationId), ("firstCorrelation", item.FirstCorrelationId),
            ("reason", reason), ("at", attempt.At));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<DeadLetter>> LockDeadLettersAsync(NpgsqlConnection connection, IReadOnlyCollection<long>? ids, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            $"SELECT {DeadLetterColumns} FROM guestsync_dead_letters WHERE @all OR id = ANY(@ids) ORDER BY id FOR UPDATE",
            ("all", ids is null), ("ids", ids?.ToArray() ?? []));
        return await ReadAllAsync(command, PostgresOutboxRows.DeadLetter, cancellationToken);
    }
}

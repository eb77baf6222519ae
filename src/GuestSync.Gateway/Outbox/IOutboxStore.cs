namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The durable outbox: one pending item per (org, key), merged by target (<see cref="OutboxPatchMerger"/>)
/// inside the store's write transaction. Implemented on SQLite (<c>SqliteOutboxStore</c>) and PostgreSQL.
/// Every write is durable when its task completes.
/// </summary>
internal interface IOutboxStore
{
    /// <summary>Creates or migrates the versioned schema. A corrupt or unusable store throws, naming the file
    /// (or database) and the setting <c>ConnectionStrings:GuestSync</c>.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Merges into the pending item for (org, key) or inserts one. Throws
    /// <see cref="OutboxUnavailableException"/> when it cannot store (full: a new key beyond
    /// <c>Delivery:MaxPending</c>; or unwritable).</summary>
    Task<OutboxEnqueued> EnqueueAsync(OutboxSubmission submission, CancellationToken cancellationToken);

    /// <summary>Whether an item is pending for (org, key), leased or not.</summary>
    ValueTask<bool> HasPendingAsync(string org, string key, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> due items of an org (next attempt &lt;= now, lease free or
    /// expired), oldest first acceptance first, for <paramref name="leaseFor"/>.</summary>
    Task<IReadOnlyList<OutboxItem>> LeaseAsync(string org, string owner, int max, DateTimeOffset now, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>Delivered: deletes the item if its version is still the leased one, else releases it due now
    /// (a newer edit was merged while it was in flight and is sent next).</summary>
    Task CompleteAsync(OutboxItem item, DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Releases the item, to be tried again at <paramref name="notBefore"/>; records the attempt.</summary>
    Task RetryLaterAsync(OutboxItem item, DeliveryAttempt attempt, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Records the content that was sent as a dead letter with <paramref name="reason"/>. The pending
    /// item is deleted if its version is still the leased one, else released due now (its newer content is tried).</summary>
    Task DeadLetterAsync(OutboxItem item, DeliveryAttempt attempt, string reason, CancellationToken cancellationToken);

    /// <summary>The organizations with at least one pending item.</summary>
    Task<IReadOnlyList<string>> PendingOrgsAsync(CancellationToken cancellationToken);

    Task<OutboxBacklog> BacklogAsync(string org, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Dead letters, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken);

    /// <summary>Moves dead letters (all when <paramref name="ids"/> is null) back to pending, merging by target
    /// into an item already pending for the same key; due at <paramref name="now"/>. Returns how many moved.</summary>
    Task<int> RequeueDeadLettersAsync(IReadOnlyCollection<long>? ids, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes dead letters (all when <paramref name="ids"/> is null). Returns how many.</summary>
    Task<int> PurgeDeadLettersAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken);
}

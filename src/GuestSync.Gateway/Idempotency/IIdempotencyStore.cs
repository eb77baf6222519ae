using GuestSync.Gateway.Answers;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// Idempotency records, in the outbox's store (SQLite alone, PostgreSQL for a fleet). A record is keyed by the scope
/// digest and holds the fingerprint digest, a claim token, its expiry and, once completed, the recorded answer.
/// A running claim expires at the end of its lease, so a request whose process died does not hold its key forever.
/// Times come from the caller (the gateway's <see cref="TimeProvider"/>).
/// </summary>
internal interface IIdempotencyStore
{
    /// <summary>Creates or migrates the schema (the outbox's versioned schema, which includes these tables).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Atomically: when no live record exists for the scope, inserts one "in progress" with
    /// <paramref name="token"/> until <paramref name="leaseUntil"/> and answers <see cref="IdempotencyClaimStatus.Claimed"/>;
    /// otherwise says what the live record is. A record whose expiry is at or before <paramref name="now"/> is not live.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyScope scope, Guid token, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Stores the answer of the claim <paramref name="token"/>, kept until <paramref name="expiresAt"/>.
    /// False when the claim is no longer this token's (its lease ended and another request took the key).</summary>
    Task<bool> CompleteAsync(byte[] scopeId, Guid token, RecordedAnswer answer, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes the claim <paramref name="token"/> if it is still in progress (the request ended without an answer).</summary>
    Task ReleaseAsync(byte[] scopeId, Guid token, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="max"/> records that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> SweepAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}

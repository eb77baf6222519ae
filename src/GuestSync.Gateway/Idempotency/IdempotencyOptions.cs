namespace GuestSync.Gateway.Idempotency;

/// <summary>Idempotency keys (section <c>Idempotency</c>). The records live in the store named by <c>Store:Provider</c>
/// and <c>ConnectionStrings:GuestSync</c>, beside the outbox.</summary>
internal sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary><c>Idempotency:Retention</c>: how long the answer to a keyed submission is kept and replayed.
    /// Default 24 hours. An answer that tells the browser to come back later (<c>Retry-After</c>) is kept only until then.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>Idempotency:Lease</c>: how long a key stays "in progress" without an answer before another request may
    /// take it (the first one's process died). Must outlast a submission's upstream budget. Default 2 minutes.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary><c>Idempotency:SweepInterval</c>: how often expired keys are deleted, in the background. Default 5 minutes.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Idempotency:InProgressRetryAfter</c>: the <c>Retry-After</c> of a 409 for a key still in progress. Default 1 second.</summary>
    public TimeSpan InProgressRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Idempotency:FingerprintKey</c>: base64 of at least 32 bytes. When set, submission fingerprints are
    /// HMAC-SHA256 with it, so a copy of the database alone cannot test guesses of the submitted values; every replica
    /// needs the same key. Default none: SHA-256 over the canonical form, salted by profile, guest and key.</summary>
    public string? FingerprintKey { get; set; }

    /// <summary><c>Idempotency:FingerprintKeyFile</c>: a file holding <see cref="FingerprintKey"/>. Default none.</summary>
    public string? FingerprintKeyFile { get; set; }
}

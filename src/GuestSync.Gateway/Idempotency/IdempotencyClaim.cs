using GuestSync.Gateway.Answers;

namespace GuestSync.Gateway.Idempotency;

/// <summary>What the store found for a key when a request tried to claim it.</summary>
internal enum IdempotencyClaimStatus
{
    /// <summary>The key was free (new, or its record expired): this request owns it and must answer.</summary>
    Claimed,

    /// <summary>Another request with this key and submission is still running.</summary>
    InProgress,

    /// <summary>The key has an answer for this submission: replay it.</summary>
    Completed,

    /// <summary>The key was used for a different submission.</summary>
    Mismatch,
}

/// <summary>The outcome of <see cref="IIdempotencyStore.ClaimAsync"/>; <see cref="Answer"/> is set for <see cref="IdempotencyClaimStatus.Completed"/>.</summary>
internal sealed record IdempotencyClaim(IdempotencyClaimStatus Status, RecordedAnswer? Answer = null)
{
    public static readonly IdempotencyClaim Claimed = new(IdempotencyClaimStatus.Claimed);
    public static readonly IdempotencyClaim InProgress = new(IdempotencyClaimStatus.InProgress);
    public static readonly IdempotencyClaim Mismatch = new(IdempotencyClaimStatus.Mismatch);
}

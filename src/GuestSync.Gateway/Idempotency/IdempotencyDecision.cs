using GuestSync.Gateway.Answers;

namespace GuestSync.Gateway.Idempotency;

/// <summary>What a keyed submission gets: go on (the key is claimed and the answer will be recorded), the answer kept
/// for the key, or a refusal (409 in progress, 422 reused, 503 store unavailable).</summary>
internal readonly record struct IdempotencyDecision(RecordedAnswer? Replay, SyncAnswer? Refusal)
{
    public static IdempotencyDecision Proceed => default;

    public bool ShouldProceed => Replay is null && Refusal is null;
}

using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>What one submission's strategies share through its <see cref="ResilienceContext"/>.</summary>
internal static class ResilienceKeys
{
    /// <summary>When the submission's budget runs out.</summary>
    public static readonly ResiliencePropertyKey<DateTimeOffset> Deadline = new("GuestSync.Deadline");

    /// <summary>The delay the retry predicate chose for the next attempt, so the delay generator uses the same one.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> NextDelay = new("GuestSync.NextDelay");
}

using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>What one submission's strategies share through its <see cref="ResilienceContext"/>.</summary>
internal static class ResilienceKeys
{
    /// <summary>When the submission's budget runs out.</summary>
    public static readonly ResiliencePropertyKey<DateTimeOffset> Deadline = new("GuestSync.Deadline");
}

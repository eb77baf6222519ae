using System.Security.Cryptography;
using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// How long to wait before the next attempt: Genesys's <c>Retry-After</c> when it sends one, otherwise exponential
/// from <see cref="GenesysResilienceOptions.BaseDelay"/>, capped at <see cref="GenesysResilienceOptions.MaxDelay"/>,
/// with ±20 % jitter. Pure functions: the retry predicate checks the longest wait against the budget, the delay
/// generator picks the actual one, and neither hands state to the other.
/// </summary>
internal static class RetryDelays
{
    private const double Jitter = 0.2;

    /// <summary>The longest the wait after <paramref name="outcome"/> can be.</summary>
    public static TimeSpan Longest(Outcome<HttpResponseMessage> outcome, int attempt, GenesysResilienceOptions options, TimeProvider time) =>
        RetryAfterOf(outcome, time) ?? Capped(attempt, options) * (1 + Jitter);

    /// <summary>The wait before the next attempt.</summary>
    public static TimeSpan Next(Outcome<HttpResponseMessage> outcome, int attempt, GenesysResilienceOptions options, TimeProvider time) =>
        RetryAfterOf(outcome, time)
        ?? Capped(attempt, options) * (1 - Jitter + (2 * Jitter * RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000d));

    private static TimeSpan? RetryAfterOf(Outcome<HttpResponseMessage> outcome, TimeProvider time) =>
        outcome.Result is { } response ? RetryAfter.Of(response, time) : null;

    private static TimeSpan Capped(int attempt, GenesysResilienceOptions options) =>
        TimeSpan.FromMilliseconds(Math.Min(options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)), options.MaxDelay.TotalMilliseconds));
}

using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.OAuth;

namespace GuestSync.Emulator.RateLimiting;

/// <summary>Applies <see cref="EmulatorOptions.RateLimitPerMinute"/> to each token's own window.</summary>
internal sealed class TokenRateLimiter(EmulatorSettings settings, EmulatorClock clock)
{
    /// <summary>Counts a request of <paramref name="token"/>; when over the limit, returns the whole seconds to wait (at least 1).</summary>
    public bool TryAcquire(IssuedToken token, out int retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(token);
        retryAfterSeconds = 0;
        if (settings.RateLimitPerMinute <= 0 || token.RateWindow.TryAcquire(clock.UtcNow, settings.RateLimitPerMinute, out var wait))
        {
            return true;
        }

        retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return false;
    }
}

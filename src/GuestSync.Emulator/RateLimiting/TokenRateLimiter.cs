using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.OAuth;

namespace GuestSync.Emulator.RateLimiting;

/// <summary>Applies <see cref="EmulatorOptions.RateLimitPerMinute"/> to each token's own window.</summary>
internal sealed class TokenRateLimiter(EmulatorSettings settings, EmulatorClock clock)
{
    /// <summary>False when rate limiting is off: then there is no window to count or report.</summary>
    public bool IsEnabled => settings.RateLimitPerMinute > 0;

    /// <summary>
    /// Counts a request of <paramref name="token"/>; false when over the limit. <paramref name="state"/> is the window
    /// after this request (null when limiting is off); its <see cref="RateLimitState.ResetSeconds"/> is the 429's wait.
    /// </summary>
    public bool TryAcquire(IssuedToken token, out RateLimitState? state)
    {
        ArgumentNullException.ThrowIfNull(token);
        state = null;
        if (!IsEnabled)
        {
            return true;
        }

        var acquired = token.RateWindow.TryAcquire(clock.UtcNow, settings.RateLimitPerMinute, out var window);
        state = window;
        return acquired;
    }

    /// <summary>The window of <paramref name="token"/> without counting a request; null when limiting is off.</summary>
    public RateLimitState? Peek(IssuedToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return IsEnabled ? token.RateWindow.Peek(clock.UtcNow, settings.RateLimitPerMinute) : null;
    }
}

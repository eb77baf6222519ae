namespace GuestSync.Emulator.RateLimiting;

/// <summary>
/// A fixed one-minute window of one token's requests, opened by the first request after the previous window ended,
/// so the seconds until it resets count down with the clock. Rejected requests are not counted and do not move it.
/// The lock is per token, so tokens never contend with each other.
/// </summary>
internal sealed class RateLimitWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>Counts a request when the window has room; either way reports the window as it now stands.</summary>
    public bool TryAcquire(DateTimeOffset now, int limit, out RateLimitState state)
    {
        lock (_lock)
        {
            if (now >= _windowEnd)
            {
                _windowEnd = now + Length;
                _count = 0;
            }

            var acquired = _count < limit;
            if (acquired)
            {
                _count++;
            }

            state = new RateLimitState(_count, limit, SecondsUntil(_windowEnd, now));
            return acquired;
        }
    }

    /// <summary>The window as it stands, counting nothing; an ended window shows as the fresh one the next request opens.</summary>
    public RateLimitState Peek(DateTimeOffset now, int limit)
    {
        lock (_lock)
        {
            return now >= _windowEnd
                ? new RateLimitState(0, limit, (int)Length.TotalSeconds)
                : new RateLimitState(_count, limit, SecondsUntil(_windowEnd, now));
        }
    }

    /// <summary>Whole seconds, rounded up, so waiting that long always finds the window over.</summary>
    private static int SecondsUntil(DateTimeOffset end, DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((end - now).TotalSeconds));
}

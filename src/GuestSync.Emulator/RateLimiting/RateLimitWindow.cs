namespace GuestSync.Emulator.RateLimiting;

/// <summary>
/// A fixed one-minute window of one token's requests, opened by the first request after the previous window ended.
/// The lock is per token, so tokens never contend with each other.
/// </summary>
internal sealed class RateLimitWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>Counts a request; when the window is full, returns false and how long until it ends.</summary>
    public bool TryAcquire(DateTimeOffset now, int limit, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            if (now >= _windowEnd)
            {
                _windowEnd = now + Length;
                _count = 0;
            }

            if (_count < limit)
            {
                _count++;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = _windowEnd - now;
            return false;
        }
    }
}

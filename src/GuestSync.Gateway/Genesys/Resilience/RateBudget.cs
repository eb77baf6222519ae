namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// One organization's view of the rate-limit window Genesys reports on its answers. Each send reserves
/// one request of the window; when the window is spent, sends wait for its reset instead of walking into
/// a 429. Until Genesys has reported a window nothing is held back: the configured throttle is the ceiling.
/// </summary>
/// <remarks>
/// Requests in flight are counted against the window until their answer arrives. An answer's count may
/// already include some of them, so the view errs on the safe side, and is exact again once the
/// requests in flight have been answered.
/// </remarks>
internal sealed class RateBudget
{
    /// <summary>
    /// Added to every reported reset: <c>inin-ratelimit-reset</c> is whole seconds, so the window may end
    /// up to a second later than it says.
    /// </summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private int _allowed;
    private int _remaining;
    private int _inFlight;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

    /// <summary>The window's limit as Genesys last reported it; 0 until it has.</summary>
    public int Allowed
    {
        get
        {
            lock (_gate)
            {
                return _allowed;
            }
        }
    }

    /// <summary>
    /// Reserves one request of the window. Returns <see cref="TimeSpan.Zero"/> when the request may go now
    /// (then <see cref="Observe"/> or <see cref="Release"/> must follow), otherwise how long until the
    /// window resets; nothing was reserved then.
    /// </summary>
    public TimeSpan TryReserve(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_allowed > 0 && now >= _resetAt)
            {
                // A new window holds the whole allowance, as far as we know, until Genesys says otherwise.
                _remaining = _allowed;
                _resetAt = DateTimeOffset.MaxValue;
            }

            if (_allowed > 0 && _remaining - _inFlight <= 0)
            {
                return _resetAt == DateTimeOffset.MaxValue ? ResetMargin : _resetAt - now;
            }

            _inFlight++;
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// How long until a request could be reserved, without reserving: zero when the window has room (or none is
    /// known yet), else the time until it resets. The live path queues at once instead of waiting it out.
    /// </summary>
    public TimeSpan WaitAt(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_allowed == 0 || now >= _resetAt || _remaining - _inFlight > 0)
            {
                return TimeSpan.Zero;
            }

            return _resetAt == DateTimeOffset.MaxValue ? ResetMargin : _resetAt - now;
        }
    }

    /// <summary>Ends a reservation with the window Genesys reported on its answer, received at <paramref name="now"/>.</summary>
    public void Observe(GenesysRateLimitHeaders headers, DateTimeOffset now)
    {
        lock (_gate)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
            var resetAt = now + headers.Reset + ResetMargin;
            var firstOfWindow = _allowed == 0 || _resetAt == DateTimeOffset.MaxValue || now >= _resetAt || resetAt > _resetAt + ResetMargin;
            _allowed = headers.Allowed;
            if (firstOfWindow)
            {
                _resetAt = resetAt;
                _remaining = headers.Remaining;
                return;
            }

            // Answers of one window can arrive out of order: the lowest remaining count is the safe one.
            _remaining = Math.Min(_remaining, headers.Remaining);
        }
    }

    /// <summary>Ends a reservation whose request got no answer carrying the window.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
        }
    }
}

using System.Collections.Concurrent;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Cancellation sources with their timers, reused for the per-attempt timeout (<see cref="GenesysResilienceHandler"/>) and
/// the live path's <c>Delivery:MaxWait</c> (<c>LiveAttempt</c>). A reset source keeps its timer, so a send that ends
/// before its timeout costs a timer change, not a new source, timer and registration list. A source whose timer ever
/// fired is never reset (<see cref="CancellationTokenSource.TryReset"/>), so a late timer cannot cancel a later user.
/// </summary>
/// <remarks>
/// Polly's <c>AddTimeout</c> pools too, but keeps two sources per processor: with dozens of requests in flight on a core
/// nearly every attempt made a new source and timer (timers, sources and registrations were about 6 % of (c)'s bytes in
/// the gc-verbose trace, issue 17). This pool keeps up to <see cref="MaxRetained"/>. Only on <see cref="TimeProvider.System"/>: a source on another time
/// provider (a test's fake clock) cannot be reset safely, so it is made and disposed per use, as Polly does.
/// </remarks>
internal sealed class TimeoutSourcePool
{
    /// <summary>Sources kept for reuse; more in use at once are made and disposed.</summary>
    public const int MaxRetained = 1024;

    private readonly ConcurrentQueue<CancellationTokenSource> _free = new();
    private readonly TimeProvider _timeProvider;
    private int _retained;

    public TimeoutSourcePool(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>A source that cancels after <paramref name="delay"/>; give it back with <see cref="Return"/>.</summary>
    public CancellationTokenSource Rent(TimeSpan delay)
    {
        if (!ReferenceEquals(_timeProvider, TimeProvider.System))
        {
            return new CancellationTokenSource(delay, _timeProvider);
        }

        if (_free.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _retained);
        }
        else
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(delay);
        return source;
    }

    /// <summary>Keeps a source that was not cancelled (its timer stopped, its registrations dropped); disposes any other.</summary>
    public void Return(CancellationTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (ReferenceEquals(_timeProvider, TimeProvider.System) && source.TryReset())
        {
            if (Interlocked.Increment(ref _retained) <= MaxRetained)
            {
                _free.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _retained);
        }

        source.Dispose();
    }
}

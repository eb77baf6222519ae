using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Outbox;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// One submission being sent live: its key marked in flight (<see cref="LiveSends"/>) and the stop signal that ends
/// the send at <c>Delivery:MaxWait</c>. Disposed once the answer is decided (and, when queued, after the enqueue), so
/// the key is covered by the live send or the outbox at every moment.
/// </summary>
/// <remarks>
/// The stop's source comes from the <see cref="TimeoutSourcePool"/> and goes back to it on the first dispose: by then the
/// send is over (the answer is decided from its outcome, or the response has ended), so nothing observes the token any more.
/// </remarks>
internal sealed class LiveAttempt : IDisposable
{
    private readonly LiveSends.LiveSend _send;
    private readonly TimeoutSourcePool _sources;
    private readonly CancellationTokenSource _maxWait;
    private int _disposed;

    public LiveAttempt(LiveSends.LiveSend send, TimeSpan maxWait, TimeoutSourcePool sources, TimeProvider timeProvider)
    {
        _send = send ?? throw new ArgumentNullException(nameof(send));
        _sources = sources ?? throw new ArgumentNullException(nameof(sources));
        ArgumentNullException.ThrowIfNull(timeProvider);
        _maxWait = sources.Rent(maxWait);
        // Read after the timer started, so the stop is certain to have come by then.
        Stop = new SendStop(_maxWait.Token, timeProvider.GetUtcNow() + maxWait);
    }

    /// <summary>Cancelled when <c>Delivery:MaxWait</c> passes: nothing more is sent live after it.</summary>
    public SendStop Stop { get; }

    /// <summary>Ends the live send (once; the answer and the response's end both dispose it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _send.Dispose();
        _sources.Return(_maxWait);
    }
}

using GuestSync.Gateway.Outbox;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// One submission being sent live: its key marked in flight (<see cref="LiveSends"/>) and the stop signal that ends
/// the send at <c>Delivery:MaxWait</c>. Disposed once the answer is decided (and, when queued, after the enqueue), so
/// the key is covered by the live send or the outbox at every moment.
/// </summary>
internal sealed class LiveAttempt : IDisposable
{
    private readonly LiveSends.LiveSend _send;
    private readonly CancellationTokenSource _maxWait;

    public LiveAttempt(LiveSends.LiveSend send, TimeSpan maxWait, TimeProvider timeProvider)
    {
        _send = send ?? throw new ArgumentNullException(nameof(send));
        _maxWait = new CancellationTokenSource(maxWait, timeProvider ?? throw new ArgumentNullException(nameof(timeProvider)));
    }

    /// <summary>Cancelled when <c>Delivery:MaxWait</c> passes: nothing more is sent live after it.</summary>
    public CancellationToken Stop => _maxWait.Token;

    public void Dispose()
    {
        _send.Dispose();
        _maxWait.Dispose();
    }
}

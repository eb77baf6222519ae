using System.Collections.Concurrent;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The keys (org, resource) this process is sending live right now. A second submission for a key in flight joins
/// the outbox instead of racing the first, and the deliverer waits for a key's live send to end before sending that
/// key: two sends of one guest are never in flight at once, so a newer value cannot be overtaken by an older one.
/// </summary>
/// <remarks>
/// A send's end wakes whoever waits for that key (<see cref="WhenIdleAsync"/>): the deliverer waits there for the key of
/// each item it leased, and a submission queued meanwhile wakes it itself (<see cref="OutboxQueue"/>). So the deliverer
/// as a whole is woken only for a send that also held the key for the fleet (<see cref="LiveSend.OnEnd"/>), whose store
/// leases no key in flight on any replica: it may have an item to lease now. Waking it on every live send's end made a
/// pass over the store (two SQLite reads) for most live posts.
/// </remarks>
internal sealed class LiveSends
{
    private readonly ConcurrentDictionary<(string Org, string Key), LiveSend> _inFlight = new();
    private readonly OutboxSignal _signal;

    public LiveSends(OutboxSignal signal)
    {
        _signal = signal ?? throw new ArgumentNullException(nameof(signal));
    }

    /// <summary>Marks the key in flight; null when it already is (the caller queues instead).</summary>
    public LiveSend? TryBegin(string org, string key)
    {
        var send = new LiveSend(this, org, key);
        return _inFlight.TryAdd((org, key), send) ? send : null;
    }

    public bool IsInFlight(string org, string key) => _inFlight.ContainsKey((org, key));

    /// <summary>Completes when no live send of the key is in flight.</summary>
    public async Task WhenIdleAsync(string org, string key, CancellationToken cancellationToken)
    {
        while (_inFlight.TryGetValue((org, key), out var send))
        {
            await send.Ended.WaitAsync(cancellationToken);
        }
    }

    private void End(LiveSend send)
    {
        _inFlight.TryRemove(new KeyValuePair<(string, string), LiveSend>((send.Org, send.Key), send));
        if (send.OnEnd is not null)
        {
            _signal.Notify();
        }
    }

    /// <summary>One live send; disposing it ends it (once) and wakes whoever waits for its key (and, in a fleet, the deliverer).</summary>
    internal sealed class LiveSend : IDisposable
    {
        private readonly LiveSends _owner;
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LiveSend(LiveSends owner, string org, string key)
        {
            _owner = owner;
            Org = org;
            Key = key;
        }

        public string Org { get; }

        public string Key { get; }

        public Task Ended => _ended.Task;

        /// <summary>Also run when the send ends (a fleet drops the guest's in-flight row).</summary>
        public Action? OnEnd { get; set; }

        public void Dispose()
        {
            if (_ended.TrySetResult())
            {
                OnEnd?.Invoke();
                _owner.End(this);
            }
        }
    }
}

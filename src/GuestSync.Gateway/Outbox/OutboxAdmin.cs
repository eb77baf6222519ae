namespace GuestSync.Gateway.Outbox;

/// <summary>What an operator can do with dead letters: list them, requeue them, purge them.</summary>
internal sealed class OutboxAdmin(IOutboxStore store, TimeProvider timeProvider)
{
    public const int ListLimit = 1000;

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken) =>
        store.DeadLettersAsync(ListLimit, cancellationToken);

    /// <summary>Requeues the given dead letters, or all when <paramref name="ids"/> is null.</summary>
    public Task<int> RequeueAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken) =>
        store.RequeueDeadLettersAsync(ids, timeProvider.GetUtcNow(), cancellationToken);

    /// <summary>Purges the given dead letters, or all when <paramref name="ids"/> is null.</summary>
    public Task<int> PurgeAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken) =>
        store.PurgeDeadLettersAsync(ids, cancellationToken);
}

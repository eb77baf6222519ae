namespace GuestSync.Gateway.Outbox;

/// <summary>What <see cref="IOutboxStore.EnqueueAsync"/> did. The submission is on disk when this is returned.</summary>
/// <param name="Id">The pending item's id.</param>
/// <param name="Version">The item's version after this submission.</param>
/// <param name="Merged">True when the submission joined an item already pending for the same key.</param>
internal sealed record OutboxEnqueued(long Id, long Version, bool Merged);

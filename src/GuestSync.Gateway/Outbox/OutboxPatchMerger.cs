namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Latest wins, per target. Pure and store-agnostic: every <see cref="IOutboxStore"/> calls it inside its
/// write transaction.
/// </summary>
internal static class OutboxPatchMerger
{
    /// <summary>The merge state of a request stored for the first time: every target stamped with
    /// <paramref name="acceptedAt"/>.</summary>
    public static OutboxMerge Start(OutboxRequest request, DateTimeOffset acceptedAt) =>
        throw new NotImplementedException();

    /// <summary>Merges a new submission into a pending item.</summary>
    public static OutboxMerge Merge(OutboxRequest existing, string existingTargets, OutboxRequest incoming, DateTimeOffset incomingAcceptedAt) =>
        throw new NotImplementedException();

    /// <summary>Merges two stored items (e.g. a requeued dead letter into a pending item).</summary>
    public static OutboxMerge Merge(OutboxRequest existing, string existingTargets, OutboxRequest incoming, string incomingTargets) =>
        throw new NotImplementedException();
}

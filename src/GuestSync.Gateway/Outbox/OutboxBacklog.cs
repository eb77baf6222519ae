namespace GuestSync.Gateway.Outbox;

/// <summary>An organization's pending items at one moment.</summary>
/// <param name="Org">The organization.</param>
/// <param name="Depth">Pending items (one per key), leased ones included.</param>
/// <param name="OldestAge">Now minus the oldest item's first acceptance; zero when empty.</param>
/// <param name="NextDueAt">The earliest time an item not leased becomes due; null when none waits.</param>
internal sealed record OutboxBacklog(string Org, long Depth, TimeSpan OldestAge, DateTimeOffset? NextDueAt);

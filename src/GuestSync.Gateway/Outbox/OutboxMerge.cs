namespace GuestSync.Gateway.Outbox;

/// <summary>The result of <see cref="OutboxPatchMerger"/>: what to store for the pending item.</summary>
/// <param name="Request">The merged request (the newer method, path and content type when they differ).</param>
/// <param name="Targets">The merge state to store beside it: a JSON object of target -> accepted-at (UTC ticks).</param>
internal sealed record OutboxMerge(OutboxRequest Request, string Targets);

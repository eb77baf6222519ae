using System.Collections.Concurrent;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// When each organization's backlog may be sent again, as the live path learned it: a submission queued because
/// Genesys failed or asked to wait does not go straight back out from the deliverer, it waits for the Retry-After or
/// the first back-off step, as the deliverer's own failures do.
/// </summary>
internal sealed class DeliveryPauses
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>Holds the organization's backlog until <paramref name="until"/>, unless it is already held longer.</summary>
    public void PauseUntil(string org, DateTimeOffset until) =>
        _until.AddOrUpdate(org, until, (_, current) => current > until ? current : until);

    public DateTimeOffset Until(string org) => _until.TryGetValue(org, out var until) ? until : DateTimeOffset.MinValue;

    /// <summary>A delivery succeeded: the organization is taking requests again.</summary>
    public void Clear(string org) => _until.TryRemove(org, out _);
}

using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Fleet;

/// <summary>
/// The live path's side of <see cref="IFleetInFlight"/>: before a live send, the guest's key is taken for the fleet
/// (one upsert, ~0.3 ms, see bench/results); another replica's live send of the same guest makes this submission
/// join the outbox instead, and no deliverer sends the key until the lease is dropped. While the database does not
/// answer, the live send goes ahead on the replica's own in-process mark (queueing is refused then anyway).
/// </summary>
internal sealed class FleetLiveKeys(IFleetInFlight inFlight, FleetStoreHealth health, IOptions<FleetOptions> options, TimeProvider timeProvider)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>True when this replica may send the key live now (taken, or the database is unreachable); false when
    /// another replica's live send holds it.</summary>
    public async Task<bool> TryBeginAsync(string org, string key, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var (answered, taken) = await health.TryValueAsync(
            ct => inFlight.TryBeginAsync(org, key, _owner, now, now + options.Value.InFlightLease, ct),
            options.Value.StoreTimeout,
            cancellationToken);
        return !answered || taken;
    }

    /// <summary>Drops the key (in the background: the answer to the browser does not wait for it).</summary>
    public void End(string org, string key) =>
        _ = health.TryValueAsync(
            async ct =>
            {
                await inFlight.EndAsync(org, key, _owner, ct);
                return true;
            },
            options.Value.StoreTimeout,
            CancellationToken.None);
}

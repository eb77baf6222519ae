namespace GuestSync.Gateway.Fleet;

/// <summary>
/// Which guests (org, key) have a live send in flight anywhere in the fleet: the single-process rule "a key with a live
/// send in flight joins the outbox; the deliverer skips keys in flight" made fleet-wide. A short lease row per key in
/// PostgreSQL, taken by the live path before it sends and dropped when the send ends; a replica that dies mid-send
/// frees the key when the lease ends (<c>Fleet:InFlightLease</c>). The PostgreSQL outbox's lease query skips keys
/// with a live row, so the backlog never overtakes (or is overtaken by) a live send of the same guest.
/// </summary>
internal interface IFleetInFlight
{
    /// <summary>Takes the key for <paramref name="owner"/> until <paramref name="until"/>; false when another live send holds it.</summary>
    Task<bool> TryBeginAsync(string org, string key, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Drops the key if <paramref name="owner"/> still holds it.</summary>
    Task EndAsync(string org, string key, string owner, CancellationToken cancellationToken);
}

using GuestSync.Gateway.Genesys.Tokens;

namespace GuestSync.Gateway.Fleet;

/// <summary>
/// One bearer token per organization for the whole fleet. A cold fleet fetches once however many replicas ask;
/// a refresh or a 401 renewal happens once. Sits behind each replica's own <c>AccessTokenCache</c>, which keeps
/// single-flight and caching within the process: this store is asked only when that cache needs a token.
/// </summary>
internal interface IFleetTokenStore
{
    /// <summary>
    /// The fleet's token for the organization if it is good until its refresh time; otherwise ONE replica runs
    /// <paramref name="fetch"/> while the others wait and then read what it stored. During a refresh (the stored
    /// token still valid) nobody waits: the others keep the still-valid token. A failed fetch is not stored; it
    /// stops every replica from asking again for <see cref="FleetTokenScope.FailureBackoff"/> (they get
    /// <see cref="GenesysUnavailableException"/>, or the still-valid token if there is one).
    /// </summary>
    Task<FleetToken> GetOrFetchAsync(FleetTokenScope scope, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken);

    /// <summary>
    /// Genesys rejected the token (401): drops it for the fleet if it is still <paramref name="version"/>. True
    /// when this call dropped it; false when another replica already did (or a newer token replaced it), so a
    /// 401 seen by every replica renews once.
    /// </summary>
    Task<bool> InvalidateAsync(string org, long version, CancellationToken cancellationToken);
}

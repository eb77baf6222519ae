using GuestSync.Gateway.Fleet;

namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>What a token cache needs to share its organization's token with the fleet (<c>Store:Provider=Postgres</c>).</summary>
/// <param name="Store">The fleet's token per organization.</param>
/// <param name="Health">Whether the database answers; while it does not, the cache fetches and keeps a token on its own.</param>
/// <param name="StoreTimeout">The longest one call to the database may take (a token fetch by another replica adds to it).</param>
internal sealed record FleetTokenBinding(IFleetTokenStore Store, FleetStoreHealth Health, TimeSpan StoreTimeout);

using GuestSync.Gateway.Genesys.Tokens;

namespace GuestSync.Gateway.Fleet;

/// <summary>An organization's token as the fleet shares it. <see cref="Version"/> names this token for
/// <see cref="IFleetTokenStore.InvalidateAsync"/>, so a 401 seen by several replicas drops it once.</summary>
internal sealed record FleetToken(AccessToken Token, long Version);

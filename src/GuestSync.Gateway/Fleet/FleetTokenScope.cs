namespace GuestSync.Gateway.Fleet;

/// <summary>What the fleet token store needs to know about one organization.</summary>
/// <param name="Org">The organization's name, as configured.</param>
/// <param name="Key">The key its token is sealed with at rest (derived from its client credentials).</param>
/// <param name="FailureBackoff">After a failed fetch, how long no replica asks the token endpoint again
/// (<c>Genesys:Orgs:&lt;org&gt;:TokenFailureBackoff</c>).</param>
internal sealed record FleetTokenScope(string Org, FleetTokenKey Key, TimeSpan FailureBackoff);

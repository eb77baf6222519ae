using Yarp.ReverseProxy.Configuration;

namespace GuestSync.Gateway.Security.Origins;

/// <summary>
/// Gives every profile-sync route the <see cref="ProfileCorsPolicyProvider.PolicyName"/> CORS policy unless the
/// route names its own <c>CorsPolicy</c>, so a profile's <c>AllowedOrigins</c> is all an operator sets.
/// </summary>
internal sealed class ProfileRouteCorsConfigFilter : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(route);
        return ValueTask.FromResult(route.CorsPolicy is null && ProfileRoutes.TryGetProfileName(route, out _)
            ? route with { CorsPolicy = ProfileCorsPolicyProvider.PolicyName }
            : route);
    }
}

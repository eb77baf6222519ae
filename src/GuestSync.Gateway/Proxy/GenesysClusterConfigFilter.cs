using GuestSync.Gateway.Genesys;
using Yarp.ReverseProxy.Configuration;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// Gives every cluster marked with <c>GenesysOrg</c> its organization's regional API host as destination,
/// refuses a profile-sync route whose cluster is not a Genesys organization, and refuses any other route to a
/// Genesys cluster (it would forward the browser's request with the gateway's token). A refusal fails the start,
/// or on reload keeps the previous proxy config, with a message naming the route or cluster.
/// </summary>
internal sealed class GenesysClusterConfigFilter : IProxyConfigFilter
{
    private readonly GenesysOrgRegistry _orgs;

    public GenesysClusterConfigFilter(GenesysOrgRegistry orgs)
    {
        _orgs = orgs ?? throw new ArgumentNullException(nameof(orgs));
    }

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!GenesysClusterMetadata.TryGetOrg(cluster.Metadata, out var orgName))
        {
            return ValueTask.FromResult(cluster);
        }

        if (!_orgs.TryGet(orgName, out var org))
        {
            throw new InvalidOperationException(
                $"Cluster '{cluster.ClusterId}' names Genesys organization '{orgName}', which is not configured with a region and credentials. " +
                $"Configured organizations: {string.Join(", ", _orgs.Names)}. Add it under Genesys:Orgs:{orgName}.");
        }

        if (cluster.Destinations is { Count: > 0 })
        {
            throw new InvalidOperationException(
                $"Cluster '{cluster.ClusterId}' sets both GenesysOrg and Destinations: remove Destinations, the organization's region decides the host.");
        }

        return ValueTask.FromResult(cluster with
        {
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["genesys-api"] = new() { Address = org.ApiBaseUri.ToString() },
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(route);
        var syncsProfiles = route.Transforms?.Any(t => t.ContainsKey(GuestProfilePatchTransformFactory.TransformKey)) == true;
        // A cluster that failed its own checks is reported by them; only a cluster that loaded can be judged here.
        if (syncsProfiles && cluster is not null && !GenesysClusterMetadata.TryGetOrg(cluster.Metadata, out _))
        {
            throw new InvalidOperationException(
                $"Route '{route.RouteId}' uses {GuestProfilePatchTransformFactory.TransformKey} but its cluster '{route.ClusterId}' has no " +
                $"\"Metadata\": {{ \"{GenesysClusterMetadata.OrgKey}\": \"<org>\" }}: profile updates only go to a Genesys organization.");
        }

        if (!syncsProfiles && cluster is not null && GenesysClusterMetadata.TryGetOrg(cluster.Metadata, out var org))
        {
            throw new InvalidOperationException(
                $"Route '{route.RouteId}' goes to cluster '{route.ClusterId}' (Genesys organization '{org}') without the " +
                $"{GuestProfilePatchTransformFactory.TransformKey} transform: only profile-sync routes may reach Genesys, add " +
                $"\"Transforms\": [ {{ \"{GuestProfilePatchTransformFactory.TransformKey}\": \"<profile>\" }} ] or point the route at another cluster.");
        }

        return ValueTask.FromResult(route);
    }
}

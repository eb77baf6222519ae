using GuestSync.Gateway.Proxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace GuestSync.Gateway.Security;

/// <summary>Which profile a YARP route syncs with, read from its <c>GuestProfilePatch</c> transform.</summary>
internal static class ProfileRoutes
{
    public static bool TryGetProfileName(RouteConfig route, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? profileName)
    {
        ArgumentNullException.ThrowIfNull(route);
        foreach (var transform in route.Transforms ?? [])
        {
            if (transform.TryGetValue(GuestProfilePatchTransformFactory.TransformKey, out profileName))
            {
                return true;
            }
        }

        profileName = null;
        return false;
    }

    /// <summary>The profile of the route the request was matched to, if it is a profile-sync route.</summary>
    public static bool TryGetProfileName(HttpContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? profileName)
    {
        ArgumentNullException.ThrowIfNull(context);
        profileName = null;
        return context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is { } route
            && TryGetProfileName(route.Config, out profileName);
    }
}

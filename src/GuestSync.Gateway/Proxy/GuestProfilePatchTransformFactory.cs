using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;
using Yarp.ReverseProxy.Transforms.Builder;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// Lets a proxy.json route opt into profile sync: <c>"Transforms": [ { "GuestProfilePatch": "default" } ]</c>.
/// An unknown profile fails the config load and names the route. Such a route forwards nothing of the
/// browser's request: no headers, cookies or forwarding headers, only the patch the gateway builds. It takes no
/// other transform, so nothing later in the route can switch header copying back on.
/// </summary>
internal sealed class GuestProfilePatchTransformFactory : ITransformFactory
{
    public const string TransformKey = "GuestProfilePatch";

    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;
    private readonly ProfileSyncHandler _handler;

    public GuestProfilePatchTransformFactory(ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles, ProfileSyncHandler handler)
    {
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
    }

    public bool Validate(TransformRouteValidationContext context, IReadOnlyDictionary<string, string> transformValues)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transformValues);
        if (!transformValues.TryGetValue(TransformKey, out var profileName))
        {
            return false;
        }

        var others = context.Route.Transforms?.Where(t => !t.ContainsKey(TransformKey)).SelectMany(t => t.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        if (others.Count > 0)
        {
            // A later transform (RequestHeadersCopy, RequestHeader, X-Forwarded…) could undo the header hygiene below.
            context.Errors.Add(new ArgumentException(
                $"Route '{context.Route.RouteId}' combines {TransformKey} with {string.Join(", ", others)}: a profile-sync route takes no other " +
                "transform, since the gateway alone decides what is sent to Genesys. Remove them."));
        }

        if (transformValues.Count != 1)
        {
            context.Errors.Add(new ArgumentException(
                $"Route '{context.Route.RouteId}': the {TransformKey} transform takes only the profile name, e.g. {{ \"{TransformKey}\": \"default\" }}."));
        }
        else if (_profiles.Current is var profiles && !profiles.TryGet(profileName, out _))
        {
            context.Errors.Add(new ArgumentException(
                $"Route '{context.Route.RouteId}' uses {TransformKey} profile '{profileName}', which is not configured. " +
                $"Configured profiles: {string.Join(", ", profiles.Names)}."));
        }

        return true;
    }

    public bool Build(TransformBuilderContext context, IReadOnlyDictionary<string, string> transformValues)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transformValues);
        if (!transformValues.TryGetValue(TransformKey, out var profileName))
        {
            return false;
        }

        context.CopyRequestHeaders = false;
        context.UseDefaultForwarders = false;
        context.CopyResponseHeaders = false;
        context.CopyResponseTrailers = false;
        context.RequestTransforms.Add(new GuestProfilePatchRequestTransform(profileName, _handler));
        context.ResponseTransforms.Add(new ProfileSyncResponseTransform(_handler));
        return true;
    }
}

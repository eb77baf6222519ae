using GuestSync.Gateway.Hosting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Origins;

/// <summary>
/// The CORS policy of a profile-sync route, built from its profile's <c>AllowedOrigins</c>: only those origins,
/// only POST, only the headers a form post needs. Other policy names are looked up as usual.
/// </summary>
internal sealed class ProfileCorsPolicyProvider : ICorsPolicyProvider
{
    /// <summary>The policy name given to every profile-sync route that does not name its own.</summary>
    public const string PolicyName = "GuestSyncProfile";

    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    private readonly DefaultCorsPolicyProvider _fallback;
    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;

    public ProfileCorsPolicyProvider(IOptions<CorsOptions> corsOptions, ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles)
    {
        _fallback = new DefaultCorsPolicyProvider(corsOptions ?? throw new ArgumentNullException(nameof(corsOptions)));
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (!string.Equals(policyName, PolicyName, StringComparison.Ordinal))
        {
            return _fallback.GetPolicyAsync(context, policyName);
        }

        var builder = new CorsPolicyBuilder()
            .WithMethods(HttpMethods.Post)
            .WithExposedHeaders(CorrelationIdMiddleware.HeaderName, "Retry-After")
            .SetPreflightMaxAge(PreflightMaxAge);

        // YARP also asks with an empty context when it validates the route: answer with a policy that allows no origin.
        if (ProfileRoutes.TryGetProfileName(context, out var profileName) && _profiles.Current.TryGet(profileName, out var profile))
        {
            builder.WithOrigins([.. profile.AllowedOrigins])
                .WithHeaders("Content-Type", "Accept", profile.Binding.HeaderName);
        }

        return Task.FromResult<CorsPolicy?>(builder.Build());
    }
}

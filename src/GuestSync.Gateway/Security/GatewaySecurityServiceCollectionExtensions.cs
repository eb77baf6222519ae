using GuestSync.Gateway.Security;
using GuestSync.Gateway.Security.BindingTokens;
using GuestSync.Gateway.Security.Origins;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Yarp.ReverseProxy.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the browser-facing security feature: guest binding tokens, origin checks and CORS.</summary>
public static class GatewaySecurityServiceCollectionExtensions
{
    /// <summary>
    /// Binds each profile's <c>Binding</c> settings from <c>Profiles:&lt;name&gt;</c> (reloaded with the configuration),
    /// validates them at start, and registers the checks the profile-sync handler calls.
    /// </summary>
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GatewaySecurityProfilesOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewaySecurityProfilesOptions>, GatewaySecurityProfilesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BindingPolicies>();
        services.TryAddSingleton<GuestBindingAuthorizer>();
        services.TryAddSingleton<ProfileSyncGuard>();

        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, ProfileCorsPolicyProvider>());
        services.AddSingleton<IProxyConfigFilter, ProfileRouteCorsConfigFilter>();
        return services;
    }
}

using System.Net;
using GuestSync.Gateway.Security;
using GuestSync.Gateway.Security.Abuse;
using GuestSync.Gateway.Security.BindingTokens;
using GuestSync.Gateway.Security.Origins;
using GuestSync.Gateway.Security.Redaction;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Yarp.ReverseProxy.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the browser-facing security feature: guest binding tokens, origin checks, CORS, rate limits and log redaction.</summary>
internal static class GatewaySecurityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the checks the profile-sync handler calls (each profile's binding and origins come with the profile),
    /// CORS for profile-sync routes, rate limits, trusted proxies, log redaction and HSTS.
    /// </summary>
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GuestBindingAuthorizer>();
        services.TryAddSingleton<ProfileSyncGuard>();

        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, ProfileCorsPolicyProvider>());
        services.AddSingleton<IProxyConfigFilter, ProfileRouteCorsConfigFilter>();

        AddAbuseLimits(services, configuration);
        services.AddGuestSyncRedaction(configuration);
        services.AddHsts(hsts =>
        {
            // Six months, this host only: a gateway cannot know that every subdomain of its domain serves HTTPS.
            hsts.MaxAge = TimeSpan.FromDays(180);
            hsts.IncludeSubDomains = false;
            hsts.Preload = false;
        });
        return services;
    }

    private static void AddAbuseLimits(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, AbuseOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustedProxyOptions>, AbuseOptionsValidator>());
        services.TryAddSingleton<GuestRateLimiter>();
        services.TryAddSingleton<ConcurrencyGate>();
        services.TryAddSingleton<ClientRateLimiter>();

        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<ClientRateLimiter>((limiter, clients) =>
            {
                limiter.GlobalLimiter = clients;
                limiter.OnRejected = RateLimitRejection.OnRejectedAsync;
            });
        services.AddRateLimiter(_ => { });

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            // Only the configured proxies are believed; the framework's loopback defaults are dropped.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }
}

using System.Collections.Frozen;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// Registers the way to Genesys: organizations (checked at start and on every reload), tokens, the per-organization resilience
/// pipelines and the handler chain that puts them in front of any transport.
/// </summary>
internal static class GenesysServiceCollectionExtensions
{
    public static IServiceCollection AddGenesysAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GenesysOptions>().Bind(configuration.GetSection(GenesysOptions.SectionName));
        services.AddReloadableSettings<GenesysOptions, FrozenDictionary<string, GenesysOrg>, GenesysOrgsCompiler>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GenesysOrgRegistry>();

        // The login host gets the client secret: it is never followed elsewhere by a redirect, and no trace headers go with it.
        services.AddGatewayTracingMode();
        services.AddHttpClient(GenesysTokenClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ActivityHeadersPropagator = provider.GetRequiredService<GatewayTracingMode>().OutgoingPropagator,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        services.AddSingleton<GenesysTokenClient>();
        services.AddSingleton<GenesysTokenProvider>();

        services.AddSingleton<GenesysResiliencePipelineFactory>();
        services.AddSingleton<GenesysResilienceRegistry>();
        services.AddSingleton<GenesysHandlerChain>();
        services.AddSingleton<GenesysPatchSender>();
        return services;
    }
}

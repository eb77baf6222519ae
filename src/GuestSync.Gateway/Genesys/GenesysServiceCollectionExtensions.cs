using System.Collections.Frozen;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// Registers the way to Genesys: organizations (checked at start and on every reload, and polled client secret files), tokens, the per-organization resilience
/// pipelines and the handler chain that puts them in front of any transport.
/// </summary>
internal static class GenesysServiceCollectionExtensions
{
    public static IServiceCollection AddGenesysAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GenesysOptions>().Bind(configuration.GetSection(GenesysOptions.SectionName));
        // A client secret file changed on disk (a swapped Kubernetes secret too) reloads the organizations; the token
        // provider starts a new cache for an organization whose secret changed, so the next token request uses it.
        var genesys = configuration.GetSection(GenesysOptions.SectionName);
        services.AddSecretFilePoller<GenesysOptions>(GenesysOptions.SectionName, () => ClientSecretFiles(genesys));
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

        services.AddSingleton<TimeoutSourcePool>();
        services.AddSingleton<GenesysResiliencePipelineFactory>();
        services.AddSingleton<GenesysResilienceRegistry>();
        services.AddSingleton<GenesysHandlerChain>();
        services.AddSingleton<GenesysPatchSender>();
        return services;
    }

    /// <summary>The files <c>Genesys:ClientSecretFile</c> and <c>Genesys:Orgs:&lt;name&gt;:ClientSecretFile</c> name now.</summary>
    private static IEnumerable<string> ClientSecretFiles(IConfigurationSection genesys) =>
        genesys.GetSection(nameof(GenesysOptions.Orgs)).GetChildren()
            .Select(org => org[nameof(GenesysOrgOptions.ClientSecretFile)] ?? "")
            .Prepend(genesys[nameof(GenesysOrgOptions.ClientSecretFile)] ?? "");
}

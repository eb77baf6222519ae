using GuestSync.Gateway.Genesys.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuestSync.Gateway.Genesys;

/// <summary>Registers Genesys organizations, their validation at start, and the token machinery.</summary>
internal static class GenesysServiceCollectionExtensions
{
    public static IServiceCollection AddGenesysAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GenesysOptions>()
            .Bind(configuration.GetSection(GenesysOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GenesysOptions>, GenesysOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GenesysOrgRegistry>();
        services.AddSingleton<GenesysTokenClient>();
        services.AddSingleton<GenesysTokenProvider>();
        return services;
    }
}

using GuestSync.Gateway.Demo;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The demo's settings (<c>Demo</c>), checked at start with every other setting, and its token minting.</summary>
internal static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayDemo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        services.AddSingleton(sp => new DemoBindingTokens(
            sp.GetRequiredService<GuestSync.Gateway.Configuration.ReloadableSettings<GuestSync.Gateway.Profiles.GatewayProfilesOptions, GuestSync.Gateway.Profiles.ProfileSet>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<DemoOptions>>().Value));
        return services;
    }
}

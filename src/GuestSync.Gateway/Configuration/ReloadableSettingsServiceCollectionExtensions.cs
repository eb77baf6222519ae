using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuestSync.Gateway.Configuration;

/// <summary>Registers a reloadable section: its compiler, its last good value, and the check that builds it at start.</summary>
internal static class ReloadableSettingsServiceCollectionExtensions
{
    public static IServiceCollection AddReloadableSettings<TOptions, TValue, TCompiler>(this IServiceCollection services)
        where TOptions : class
        where TValue : class
        where TCompiler : class, ISettingsCompiler<TOptions, TValue>
    {
        services.AddLogging();
        services.TryAddSingleton<ISettingsCompiler<TOptions, TValue>, TCompiler>();
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ReloadableSettings<TOptions, TValue>)))
        {
            return services;
        }

        services.AddSingleton<ReloadableSettings<TOptions, TValue>>();

        // The start-up check builds the value (and so reports every error) among the other ValidateOnStart checks,
        // without an IOptionsMonitor<TOptions>, which would rethrow a later invalid reload.
        services.AddOptions<StartCheck<TValue>>()
            .Validate<IServiceProvider>((_, provider) => provider.GetRequiredService<ReloadableSettings<TOptions, TValue>>().Current is not null)
            .ValidateOnStart();
        return services;
    }

    /// <summary>A marker whose start-up validation builds the reloadable value.</summary>
    private sealed class StartCheck<TValue>;
}

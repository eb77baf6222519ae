using GuestSync.Gateway.Encryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Configuration;

/// <summary>
/// Registers a <see cref="FileContentPoller{TOptions}"/> for a section's secret files, so a changed file (a swapped
/// Kubernetes secret too) reloads the section. Every secret file is polled at the one interval
/// <c>Encryption:KeySetPollInterval</c> (default 5 seconds): the key set's setting, reused rather than a second one.
/// </summary>
internal static class SecretFilePolling
{
    public static IServiceCollection AddSecretFilePoller<TOptions>(this IServiceCollection services, string section, Func<IEnumerable<string>> paths)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<TOptions>, FileContentPoller<TOptions>>(
            provider => new FileContentPoller<TOptions>(
                section,
                paths,
                Interval(provider),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<FileContentPoller<TOptions>>>())));
        return services;
    }

    /// <summary>
    /// <c>Encryption:KeySetPollInterval</c>, or its default when the Encryption section is invalid (its start check
    /// names the setting; nothing polls for long).
    /// </summary>
    public static TimeSpan Interval(IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        try
        {
            var interval = provider.GetRequiredService<IOptionsFactory<EncryptionOptions>>().Create(Options.DefaultName).KeySetPollInterval;
            return interval > TimeSpan.Zero ? interval : EncryptionConstants.DefaultKeySetPollInterval;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            return EncryptionConstants.DefaultKeySetPollInterval;
        }
    }
}

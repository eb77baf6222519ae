using GuestSync.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Encryption;

/// <summary>Registers field encryption: the key set (checked at start and on every reload) and one encryptor per envelope.</summary>
internal static class EncryptionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EncryptionOptions"/> from the <c>Encryption</c> section of <paramref name="configuration"/>,
    /// builds the key ring at start and again on every reload (an invalid reload keeps the last good ring), polls the
    /// key-set file's content so a changed file (a swapped Kubernetes secret too) is such a reload, and registers <see cref="IKeyRingProvider"/> and one <see cref="IFieldEncryptor"/> per envelope as singletons.
    /// </summary>
    public static IServiceCollection AddGatewayEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<EncryptionOptions>().Bind(configuration.GetSection(EncryptionOptions.SectionName))
            .Validate(
                options => options.KeyUsageWarningAt is > 0 and <= 1L << 32,
                $"{EncryptionOptions.SectionName}:{nameof(EncryptionOptions.KeyUsageWarningAt)} must be between 1 and 4294967296 (default 268435456).")
            .Validate(
                options => options.KeySetPollInterval >= EncryptionConstants.MinKeySetPollInterval && options.KeySetPollInterval <= EncryptionConstants.MaxKeySetPollInterval,
                $"{EncryptionOptions.SectionName}:{nameof(EncryptionOptions.KeySetPollInterval)} must be between 00:00:00.100 and 01:00:00 (default 00:00:05).")
            .ValidateOnStart();
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton<KeyUsage>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<EncryptionOptions>, FileContentPoller<EncryptionOptions>>(
            provider => KeySetFilePoller(provider, configuration)));
        services.AddReloadableSettings<EncryptionOptions, KeyRing, KeySetCompiler>();
        services.TryAddSingleton<IKeyRingProvider, KeyRingProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, JweFieldEncryptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, SeedCompatibleFieldEncryptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, SeedCompatibleWithContextFieldEncryptor>());
        return services;
    }

    /// <summary>Polls the file <c>Encryption:KeySetFile</c> names now (a reload may name another, or none).</summary>
    private static FileContentPoller<EncryptionOptions> KeySetFilePoller(IServiceProvider provider, IConfiguration configuration)
    {
        var interval = EncryptionConstants.DefaultKeySetPollInterval;
        try
        {
            interval = provider.GetRequiredService<IOptionsFactory<EncryptionOptions>>().Create(Options.DefaultName).KeySetPollInterval;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            // An invalid Encryption section fails the start check, which names the setting; nothing polls for long.
        }

        var file = configuration.GetSection(EncryptionOptions.SectionName).GetSection(nameof(EncryptionOptions.KeySetFile));
        return new FileContentPoller<EncryptionOptions>(
            EncryptionOptions.SectionName,
            () => [file.Value ?? ""],
            interval,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<FileContentPoller<EncryptionOptions>>>());
    }
}

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
        var keySetFile = configuration.GetSection(EncryptionOptions.SectionName).GetSection(nameof(EncryptionOptions.KeySetFile));
        services.AddSecretFilePoller<EncryptionOptions>(EncryptionOptions.SectionName, () => [keySetFile.Value ?? ""]);
        services.AddReloadableSettings<EncryptionOptions, KeyRing, KeySetCompiler>();
        services.TryAddSingleton<IKeyRingProvider, KeyRingProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, JweFieldEncryptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, SeedCompatibleFieldEncryptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, SeedCompatibleWithContextFieldEncryptor>());
        return services;
    }
}

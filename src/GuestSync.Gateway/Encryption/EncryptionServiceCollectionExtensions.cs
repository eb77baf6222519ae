using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Encryption;

/// <summary>Registers field encryption: options, start-up validation, the key ring and the encryptors.</summary>
public static class EncryptionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EncryptionOptions"/> from the <c>Encryption</c> section of <paramref name="configuration"/>
    /// (reloads included), validates the key set at start, and registers <see cref="IKeyRingProvider"/> and
    /// <see cref="IFieldEncryptorResolver"/> as singletons.
    /// </summary>
    public static IServiceCollection AddGatewayEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<EncryptionOptions>()
            .Bind(configuration.GetSection(EncryptionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>());
        services.TryAddSingleton<IKeyRingProvider, KeyRingProvider>();
        services.TryAddSingleton<JweFieldEncryptor>();
        services.TryAddSingleton<SeedCompatibleFieldEncryptor>();
        services.TryAddSingleton<IFieldEncryptorResolver, FieldEncryptorResolver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, JweFieldEncryptor>(sp => sp.GetRequiredService<JweFieldEncryptor>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldEncryptor, SeedCompatibleFieldEncryptor>(sp => sp.GetRequiredService<SeedCompatibleFieldEncryptor>()));
        return services;
    }
}

using GuestSync.Emulator.Admin;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Contacts;
using GuestSync.Emulator.Contacts.Enrich;
using GuestSync.Emulator.Contacts.Identifiers;
using GuestSync.Emulator.Contacts.Model;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Guests;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.RateLimiting;
using GuestSync.Emulator.Recording;
using GuestSync.Emulator.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GuestSync.Emulator;

/// <summary>Registers the Genesys Cloud emulator's services.</summary>
public static class EmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the emulator, its options bound from <paramref name="configuration"/> (usually the <c>Emulator</c> section).
    /// Clients listed there replace the default sandbox client. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddGenesysEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmulatorOptions>().Configure(options =>
        {
            if (configuration.GetSection(nameof(EmulatorOptions.Clients)).GetChildren().Any())
            {
                options.Clients = [];
            }

            configuration.Bind(options);
        });
        return services.AddEmulatorCore();
    }

    /// <summary>Adds the emulator with options set in code. Options are validated at start.</summary>
    public static IServiceCollection AddGenesysEmulator(this IServiceCollection services, Action<EmulatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EmulatorOptions>().Configure(configure);
        return services.AddEmulatorCore();
    }

    internal static IServiceCollection AddEmulatorCore(this IServiceCollection services)
    {
        services.AddOptions<EmulatorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>());
        services.TryAddSingleton(sp => EmulatorSettings.Create(sp.GetRequiredService<IOptions<EmulatorOptions>>().Value));
        services.TryAddSingleton(sp => new EmulatorClock(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<FaultInjector>();
        services.TryAddSingleton<ReceivedRequestLog>();
        services.TryAddSingleton<EmulatorStores>();
        services.TryAddSingleton<TokenStore>();
        services.TryAddSingleton<TokenRateLimiter>();
        services.TryAddSingleton<ApiAccess>();
        services.TryAddSingleton<EmulatorControl>();
        services.TryAddSingleton<EmulatorRequestPipeline>();
        services.TryAddSingleton<TokenEndpoint>();
        services.TryAddSingleton(sp => new ContactValidator(sp.GetRequiredService<EmulatorSettings>().CustomFields));
        services.TryAddSingleton<ContactStamp>();
        services.TryAddSingleton<ContactIdentifierIndex>();
        services.TryAddSingleton<EnrichRequestParser>();
        services.TryAddSingleton<ContactEnricher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiOperation, ContactEnrichOperation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiOperation, BulkContactEnrichOperation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiOperation, IdentifierLookupOperation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentResource, GuestResource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentResource, ContactResource>());
        services.TryAddSingleton<AdminEndpoints>();
        return services;
    }
}

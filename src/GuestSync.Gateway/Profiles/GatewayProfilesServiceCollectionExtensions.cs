using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the input side: profiles, the form reader, the submission validator and the patch builder.</summary>
public static class GatewayProfilesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GatewayProfilesOptions"/> from the <c>Profiles</c> section of <paramref name="configuration"/>
    /// (reloaded with it), adds the built-in <c>default</c> profile when none is configured, validates every profile
    /// at start, and registers <c>FormReader</c>, <c>SubmissionValidator</c> and <c>PatchBuilder</c> as singletons.
    /// <c>PatchBuilder</c> needs one <c>IFieldEncryptor</c> per envelope in use, registered by the encryption feature.
    /// </summary>
    public static IServiceCollection AddGatewayProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Binding the root fills GatewayProfilesOptions.Profiles from "Profiles:<name>" and tracks reloads.
        services.AddOptions<GatewayProfilesOptions>()
            .Bind(configuration)
            .PostConfigure(AddBuiltInDefault)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayProfilesOptions>, GatewayProfilesOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FormReader>();
        services.TryAddSingleton<SubmissionValidator>();
        services.TryAddSingleton<PatchBuilder>();
        return services;
    }

    /// <summary>
    /// Adds the built-in <c>default</c> profile, or its fields when configuration sets other <c>Profiles:default</c>
    /// settings (limits, binding) without listing fields of its own.
    /// </summary>
    private static void AddBuiltInDefault(GatewayProfilesOptions options)
    {
        if (!options.Profiles.TryAdd(ProfileDefaults.ProfileName, ProfileOptions.CreateDefault())
            && options.Profiles[ProfileDefaults.ProfileName] is { Fields.Count: 0 } configured)
        {
            foreach (var (name, field) in ProfileOptions.CreateDefault().Fields)
            {
                configured.Fields[name] = field;
            }
        }
    }
}

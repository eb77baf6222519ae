using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the input side: profiles, the form reader, the submission validator and the patch builder.</summary>
internal static class GatewayProfilesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GatewayProfilesOptions"/> once from the <c>Profiles</c> section of <paramref name="configuration"/>
    /// (fields, binding and origins alike), adds the built-in <c>default</c> profile when none is configured, checks
    /// every profile at start and on every reload (an invalid reload keeps the last good profiles), polls each profile's
    /// binding secret and JWKS files so a changed file is such a reload, and registers <c>FormReader</c>, <c>SubmissionValidator</c> and <c>PatchBuilder</c> as singletons.
    /// <c>PatchBuilder</c> needs one <c>IFieldEncryptor</c> per envelope in use, registered by the encryption feature.
    /// </summary>
    public static IServiceCollection AddGatewayProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Binding the root fills GatewayProfilesOptions.Profiles from "Profiles:<name>" and tracks reloads.
        // A Configure step, so every PostConfigure (the sandbox's) finds the default profile in place.
        services.AddOptions<GatewayProfilesOptions>()
            .Bind(configuration)
            .Configure(AddBuiltInDefault);
        // A profile's binding secret or JWKS file, changed on disk (a swapped Kubernetes secret too), reloads the profiles.
        var profiles = configuration.GetSection(GatewayProfilesOptions.SectionName);
        services.AddSecretFilePoller<GatewayProfilesOptions>(GatewayProfilesOptions.SectionName, () => BindingFiles(profiles));
        services.AddReloadableSettings<GatewayProfilesOptions, ProfileSet, ProfileSetCompiler>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FormReader>();
        services.TryAddSingleton<SubmissionValidator>();
        services.TryAddSingleton<PatchBuilder>();
        return services;
    }

    /// <summary>The files <c>Profiles:&lt;name&gt;:Binding:SecretFile</c> and <c>…:JwksFile</c> name now (a reload may name others).</summary>
    private static IEnumerable<string> BindingFiles(IConfigurationSection profiles) =>
        profiles.GetChildren().SelectMany(profile => new[]
        {
            profile["Binding:SecretFile"] ?? "",
            profile["Binding:JwksFile"] ?? "",
        });

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

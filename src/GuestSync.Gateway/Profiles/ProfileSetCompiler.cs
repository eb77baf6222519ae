using System.Collections.Frozen;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Security.BindingTokens;
using GuestSync.Gateway.Security.Origins;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// Checks every profile once (fields, formats, targets, binding keys, origins) and builds the <see cref="ProfileSet"/>
/// from the same pass, so what start-up accepts and what requests use cannot disagree. Binding key files are read
/// here, so a missing secret fails the start (or the reload) rather than the first post.
/// </summary>
internal sealed class ProfileSetCompiler : ISettingsCompiler<GatewayProfilesOptions, ProfileSet>
{
    private readonly bool _bindingRequiredByDefault;
    private readonly Func<IEnumerable<IFieldEncryptor>> _encryptors;

    /// <param name="encryptors">Size the longest envelope of each contacts-enrich field (<see cref="EnrichFieldLimits"/>).</param>
    /// <param name="environment">Decides whether binding is required by default; without one (a bare service collection), it is.</param>
    /// <param name="sandbox">Present when the gateway runs as a sandbox (no live credentials).</param>
    internal ProfileSetCompiler(IEnumerable<IFieldEncryptor> encryptors, IHostEnvironment? environment = null, Sandbox.SandboxRuntime? sandbox = null)
        : this(() => encryptors, environment, sandbox)
    {
        ArgumentNullException.ThrowIfNull(encryptors);
    }

    /// <summary>
    /// The container's constructor: the encryptors are resolved only when a contacts-enrich field is sized, so broken
    /// encryption settings (reported on their own) never hide the profiles' problems from the same start.
    /// </summary>
    public ProfileSetCompiler(IServiceProvider services, IHostEnvironment? environment = null, Sandbox.SandboxRuntime? sandbox = null)
        : this(() => services.GetServices<IFieldEncryptor>(), environment, sandbox)
    {
        ArgumentNullException.ThrowIfNull(services);
    }

    private ProfileSetCompiler(Func<IEnumerable<IFieldEncryptor>> encryptors, IHostEnvironment? environment, Sandbox.SandboxRuntime? sandbox)
    {
        _encryptors = encryptors;
        _bindingRequiredByDefault = environment is null || BindingPolicyBuilder.RequiredByDefault(environment, sandbox is not null);
    }

    public string Section => GatewayProfilesOptions.SectionName;

    public ProfileSet? Compile(GatewayProfilesOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var fields = GatewayProfilesOptionsValidator.Validate(options);
        if (fields.Failed)
        {
            errors.AddRange(fields.Failures);
        }

        var profiles = new List<Profile>();
        foreach (var (name, profile) in options.Profiles)
        {
            if (profile is null)
            {
                continue; // reported by the field rules
            }

            var prefix = $"{GatewayProfilesOptions.SectionName}:{name}";
            if (profile.Dialect == PatchDialect.ContactsEnrich && profile.Enrich is not null && !fields.Failed
                && Encryptors() is { } encryptors)
            {
                EnrichFieldLimits.Check(prefix, profile, encryptors, errors);
            }

            var binding = BindingPolicyBuilder.Build($"{prefix}:Binding", profile.Binding, _bindingRequiredByDefault, errors);
            if (binding.FieldName == profile.GuestIdField || profile.Fields.ContainsKey(binding.FieldName ?? string.Empty))
            {
                errors.Add($"{prefix}:Binding:FieldName '{binding.FieldName}' is also a profile field: the token must never be forwarded, pick another name.");
            }

            OriginList.Validate($"{prefix}:AllowedOrigins", profile.AllowedOrigins, errors);
            profiles.Add(new Profile(name, profile, binding, OriginList.ToSet(profile.AllowedOrigins).ToFrozenSet(StringComparer.Ordinal)));
        }

        return errors.Count == 0 ? new ProfileSet(profiles) : null;
    }

    /// <summary>The encryptors by envelope; null when the encryption settings are unusable (they fail the start themselves).</summary>
    private Dictionary<EncryptionEnvelope, IFieldEncryptor>? Encryptors()
    {
        try
        {
            var byEnvelope = new Dictionary<EncryptionEnvelope, IFieldEncryptor>();
            foreach (var encryptor in _encryptors())
            {
                byEnvelope[encryptor.Envelope] = encryptor;
            }

            return byEnvelope;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException)
        {
            return null;
        }
    }

    public string Describe(ProfileSet value) => $"serving profiles {string.Join(", ", value.Names)}";
}

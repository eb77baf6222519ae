using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Security.BindingTokens;
using GuestSync.Gateway.Security.Origins;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security;

/// <summary>
/// Checks every profile's binding and origin settings at start, listing every error with the setting to change.
/// Key files are read here too, so a missing secret fails the start rather than the first post.
/// </summary>
internal sealed class GatewaySecurityProfilesValidator : IValidateOptions<GatewaySecurityProfilesOptions>
{
    private readonly IOptionsMonitor<GatewayProfilesOptions> _profiles;
    private readonly IHostEnvironment _environment;

    public GatewaySecurityProfilesValidator(IOptionsMonitor<GatewayProfilesOptions> profiles, IHostEnvironment environment)
    {
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
    }

    public ValidateOptionsResult Validate(string? name, GatewaySecurityProfilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (profileName, profile) in _profiles.CurrentValue.Profiles)
        {
            var security = options.Get(profileName);
            var prefix = BindingPolicies.Prefix(profileName);
            BindingPolicyBuilder.Build(prefix, security.Binding, BindingPolicies.RequiredByDefault(_environment), errors);
            var binding = security.Binding;
            if (binding.FieldName == profile.GuestIdField || profile.Fields.ContainsKey(binding.FieldName ?? string.Empty))
            {
                errors.Add($"{prefix}:FieldName '{binding.FieldName}' is also a profile field: the token must never be forwarded, pick another name.");
            }

            OriginList.Validate($"Profiles:{profileName}:AllowedOrigins", security.AllowedOrigins, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

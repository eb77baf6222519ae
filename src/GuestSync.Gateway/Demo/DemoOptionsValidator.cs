using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Sandbox;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// No dead-end demo form: outside the sandbox, a demo that is on must be able to post. When its profile
/// (<c>default</c>) requires a guest binding token, the page can only carry one the gateway mints itself, so
/// <c>Demo:MintBindingTokens</c> must be true and the profile must have an HS256 <c>Binding:Secret</c>; otherwise the
/// start fails naming both settings. Checked with every other setting at start.
/// </summary>
internal sealed class DemoOptionsValidator(IServiceProvider services) : IValidateOptions<DemoOptions>
{
    private const string Prefix = DemoOptions.SectionName;
    private const string BindingPrefix = $"{GatewayProfilesOptions.SectionName}:{ProfileDefaults.ProfileName}:Binding";

    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.FormAction.StartsWith('/'))
        {
            errors.Add($"{Prefix}:{nameof(DemoOptions.FormAction)} must be a path starting with '/', the profile-sync route's path.");
        }

        var sandbox = services.GetService<SandboxRuntime>() is not null;
        if ((options.Enabled ?? sandbox) && DemoProfile() is { } profile)
        {
            if (options.MintBindingTokens && DemoBindingTokens.SigningKey(profile) is null)
            {
                errors.Add($"{Prefix}:{nameof(DemoOptions.MintBindingTokens)} is true but {BindingPrefix}:Secret (or SecretFile) with HS256 is not configured: the gateway mints the demo's tokens with that shared secret.");
            }
            else if (!sandbox && profile.Binding.Required && !options.MintBindingTokens)
            {
                errors.Add($"{Prefix}:{nameof(DemoOptions.Enabled)} is true in live mode, but {BindingPrefix}:Required is true and the demo page has no binding token to send: " +
                    $"set {Prefix}:{nameof(DemoOptions.MintBindingTokens)} to true (the gateway then mints one for the page with {BindingPrefix}:Secret), or turn the demo off.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The demo's profile; null when the profiles themselves are invalid (their own errors are listed then).</summary>
    private Profile? DemoProfile()
    {
        try
        {
            return services.GetRequiredService<ReloadableSettings<GatewayProfilesOptions, ProfileSet>>().Current.TryGet(ProfileDefaults.ProfileName, out var profile)
                ? profile
                : null;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}

using System.Security.Claims;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// The guest binding token the demo page carries when <c>Demo:MintBindingTokens</c> is true: minted by the gateway
/// itself for the guest id on the page, HS256 with the demo profile's own <c>Binding:Secret</c>, its issuer and audience,
/// valid for the profile's <c>Binding:MaxLifetime</c>. Off by default: a site mints its tokens in its own backend.
/// </summary>
internal sealed class DemoBindingTokens
{
    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly JsonWebTokenHandler _handler = new();

    public DemoBindingTokens(ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles, TimeProvider time, DemoOptions options)
    {
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _enabled = (options ?? throw new ArgumentNullException(nameof(options))).MintBindingTokens;
    }

    /// <summary>The field name and a token for <paramref name="guestId"/>; null when minting is off or the profile has no shared secret.</summary>
    public (string FieldName, string Token)? MintFor(string? guestId)
    {
        if (!_enabled || string.IsNullOrEmpty(guestId) || !_profiles.Current.TryGet(ProfileDefaults.ProfileName, out var profile)
            || SigningKey(profile) is not { } key)
        {
            return null;
        }

        var policy = profile.Binding;
        var now = _time.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = policy.Parameters!.ValidIssuer,
            Audience = policy.Parameters.ValidAudience,
            Subject = new ClaimsIdentity([new Claim(policy.GuestClaim, guestId)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + policy.MaxLifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (policy.FieldName, token);
    }

    /// <summary>The profile's shared secret when it accepts HS256 tokens; null otherwise (a key set cannot be minted with).</summary>
    public static SymmetricSecurityKey? SigningKey(Profile profile) =>
        profile?.Binding.Parameters is { } parameters && parameters.ValidAlgorithms.Contains(SecurityAlgorithms.HmacSha256)
            ? parameters.IssuerSigningKeys.OfType<SymmetricSecurityKey>().FirstOrDefault()
            : null;
}

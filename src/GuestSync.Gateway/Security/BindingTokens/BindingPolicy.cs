using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Security.BindingTokens;

/// <summary>A profile's binding rules, resolved: keys loaded, defaults applied, ready to validate tokens.</summary>
internal sealed record BindingPolicy(
    bool Required,
    string FieldName,
    string HeaderName,
    string GuestClaim,
    TimeSpan MaxLifetime,
    TokenValidationParameters? Parameters)
{
    /// <summary>Whether tokens can be checked at all (keys, issuer and audience are configured).</summary>
    public bool CanValidate => Parameters is not null;
}

namespace GuestSync.Gateway.Security;

/// <summary>The security part of every profile, bound from the <c>Profiles</c> section next to the profile's fields.</summary>
public sealed class GatewaySecurityProfilesOptions
{
    /// <summary>Profile name (case-insensitive) → its security settings; a profile not listed gets the defaults.</summary>
    public Dictionary<string, ProfileSecurityOptions> Profiles { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The profile's settings, or the defaults when configuration has none.</summary>
    public ProfileSecurityOptions Get(string profileName) =>
        Profiles.TryGetValue(profileName, out var profile) && profile is not null ? profile : new ProfileSecurityOptions();
}

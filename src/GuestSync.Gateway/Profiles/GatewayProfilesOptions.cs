namespace GuestSync.Gateway.Profiles;

/// <summary>Every configured profile, bound from the <c>Profiles</c> section (<c>Profiles:&lt;name&gt;:…</c>).</summary>
internal sealed class GatewayProfilesOptions
{
    /// <summary>The configuration section the profiles are read from.</summary>
    public const string SectionName = "Profiles";

    /// <summary>
    /// Profile name (case-insensitive, like configuration keys) → profile. A <c>default</c> profile
    /// (<see cref="ProfileOptions.CreateDefault"/>) is added when configuration does not define one.
    /// </summary>
    public Dictionary<string, ProfileOptions> Profiles { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a profile by name.</summary>
    public bool TryGetProfile(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProfileOptions? profile) =>
        Profiles.TryGetValue(name, out profile);
}

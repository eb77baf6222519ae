using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Gateway.Profiles;

/// <summary>Every profile in force, by name (case-insensitive, like configuration keys).</summary>
internal sealed class ProfileSet
{
    private readonly FrozenDictionary<string, Profile> _profiles;

    public ProfileSet(IEnumerable<Profile> profiles)
    {
        _profiles = profiles.ToFrozenDictionary(profile => profile.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<string> Names => _profiles.Keys;

    public bool TryGet(string name, [NotNullWhen(true)] out Profile? profile) => _profiles.TryGetValue(name, out profile);
}

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using GuestSync.Gateway.Configuration;

namespace GuestSync.Gateway.Genesys;

/// <summary>The organizations in force: the last good <c>Genesys</c> settings (an invalid reload keeps them).</summary>
internal sealed class GenesysOrgRegistry
{
    private readonly ReloadableSettings<GenesysOptions, FrozenDictionary<string, GenesysOrg>> _orgs;

    public GenesysOrgRegistry(ReloadableSettings<GenesysOptions, FrozenDictionary<string, GenesysOrg>> orgs)
    {
        _orgs = orgs ?? throw new ArgumentNullException(nameof(orgs));
    }

    public bool TryGet(string name, [NotNullWhen(true)] out GenesysOrg? org) => _orgs.Current.TryGetValue(name, out org);

    public IEnumerable<string> Names => _orgs.Current.Keys;
}

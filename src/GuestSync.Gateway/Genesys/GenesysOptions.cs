namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The <c>Genesys</c> settings: the default organization at the top level (<c>Genesys__Region</c>,
/// <c>Genesys__ClientId</c>, <c>Genesys__ClientSecret</c>), more organizations by name under <c>Orgs</c>.
/// A proxy.json cluster picks its organization with the metadata entry <c>GenesysOrg</c>.
/// </summary>
internal sealed class GenesysOptions : GenesysOrgOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Genesys";

    /// <summary>The name of the organization configured at the top level.</summary>
    public const string DefaultOrgName = "default";

    /// <summary>More organizations by name, e.g. <c>Genesys__Orgs__emea__Region</c>. Default: none.</summary>
    public Dictionary<string, GenesysOrgOptions> Orgs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every configured organization by name, the default one included.</summary>
    public IEnumerable<KeyValuePair<string, GenesysOrgOptions>> AllOrgs()
    {
        yield return new(DefaultOrgName, this);
        foreach (var org in Orgs)
        {
            if (!string.Equals(org.Key, DefaultOrgName, StringComparison.OrdinalIgnoreCase))
            {
                yield return org;
            }
        }
    }
}

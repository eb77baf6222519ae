using System.Collections.Frozen;
using GuestSync.Gateway.Configuration;

namespace GuestSync.Gateway.Genesys;

/// <summary>Resolves every organization (the default one and <c>Genesys:Orgs:&lt;name&gt;</c>), collecting every error.</summary>
internal sealed class GenesysOrgsCompiler : ISettingsCompiler<GenesysOptions, FrozenDictionary<string, GenesysOrg>>
{
    public string Section => GenesysOptions.SectionName;

    public FrozenDictionary<string, GenesysOrg>? Compile(GenesysOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var orgs = new Dictionary<string, GenesysOrg>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, orgOptions) in options.AllOrgs())
        {
            if (GenesysOrgResolver.TryResolve(name, orgOptions, out var org, errors))
            {
                orgs[name] = org;
            }
        }

        return errors.Count == 0 ? orgs.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase) : null;
    }

    public string Describe(FrozenDictionary<string, GenesysOrg> value) =>
        $"sending to organizations {string.Join(", ", value.Values.Select(org => org.ToString()))}";
}

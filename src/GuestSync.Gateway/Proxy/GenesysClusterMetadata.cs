using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// The proxy.json cluster metadata entry that makes a cluster a Genesys organization:
/// <c>"Metadata": { "GenesysOrg": "emea" }</c>. Its destination is then the organization's API host.
/// </summary>
internal static class GenesysClusterMetadata
{
    public const string OrgKey = "GenesysOrg";

    public static bool TryGetOrg(IReadOnlyDictionary<string, string>? metadata, [NotNullWhen(true)] out string? org)
    {
        org = null;
        if (metadata is null || !metadata.TryGetValue(OrgKey, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        org = value.Trim();
        return true;
    }
}

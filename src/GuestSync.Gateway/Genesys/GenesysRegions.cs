using System.Collections.Frozen;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The Genesys Cloud regions, as the official SDKs' <c>PureCloudRegionHosts</c> table names them.
/// The API host is <c>api.&lt;domain&gt;</c>, the OAuth host <c>login.&lt;domain&gt;</c>.
/// </summary>
internal static class GenesysRegions
{
    private static readonly FrozenDictionary<string, string> Domains = new Dictionary<string, string>
    {
        ["us_east_1"] = "mypurecloud.com",
        ["eu_west_1"] = "mypurecloud.ie",
        ["eu_central_1"] = "mypurecloud.de",
        ["ap_northeast_1"] = "mypurecloud.jp",
        // Older SDKs called this host ap_southeast_1; that name is Singapore today.
        ["ap_southeast_2"] = "mypurecloud.com.au",
        ["us_west_2"] = "usw2.pure.cloud",
        ["ca_central_1"] = "cac1.pure.cloud",
        ["ap_northeast_2"] = "apne2.pure.cloud",
        ["eu_west_2"] = "euw2.pure.cloud",
        ["ap_south_1"] = "aps1.pure.cloud",
        ["us_east_2"] = "use2.us-gov-pure.cloud",
        ["sa_east_1"] = "sae1.pure.cloud",
        ["me_central_1"] = "mec1.pure.cloud",
        ["ap_northeast_3"] = "apne3.pure.cloud",
        ["eu_central_2"] = "euc2.pure.cloud",
        ["mx_central_1"] = "mxc1.pure.cloud",
        ["ap_southeast_1"] = "apse1.pure.cloud",
        ["eusc_de_east_1"] = "edee1.eusc-pure.cloud",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every region name, in the underscore spelling.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Domains.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds a region's domain; accepts <c>eu-west-1</c> and <c>eu_west_1</c> alike, in any case.</summary>
    public static bool TryGetDomain(string? region, out string domain)
    {
        domain = string.Empty;
        if (string.IsNullOrWhiteSpace(region))
        {
            return false;
        }

        if (Domains.TryGetValue(region.Trim().Replace('-', '_'), out var found))
        {
            domain = found;
            return true;
        }

        return false;
    }
}

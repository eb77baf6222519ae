using System.Collections.Frozen;
using GuestSync.Gateway.Configuration;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// Says at start, once per organization, where a live gateway will send: the organization, its region and the API
/// and login hosts. Never the client secret (nor the client id: the hosts are what an operator checks).
/// </summary>
internal static partial class GenesysStartLog
{
    public static void Write(IServiceProvider services, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(logger);
        var orgs = services.GetRequiredService<ReloadableSettings<GenesysOptions, FrozenDictionary<string, GenesysOrg>>>().Current;
        foreach (var org in orgs.Values.OrderBy(org => org.Name, StringComparer.OrdinalIgnoreCase))
        {
            var region = GenesysRegions.TryGetDomain(org.Options.Region, out _) ? org.Options.Region!.Trim() : "(none: hosts set explicitly)";
            Log.LiveOrg(logger, org.Name, region, org.ApiBaseUri.GetLeftPart(UriPartial.Authority), org.LoginBaseUri.GetLeftPart(UriPartial.Authority));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Live: organization {Org} in region {Region} via API host {ApiHost} and login host {LoginHost}")]
        public static partial void LiveOrg(ILogger logger, string org, string region, string apiHost, string loginHost);
    }
}

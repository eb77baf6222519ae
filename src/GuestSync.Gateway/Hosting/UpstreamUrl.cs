namespace GuestSync.Gateway.Hosting;

/// <summary>
/// An upstream URL as a span may show it: scheme, host, port and the path's fixed words; every other segment (a guest or
/// contact id) becomes <c>{id}</c> and the query is dropped. E.g. <c>https://api.mypurecloud.de/api/v2/guests/{id}</c>.
/// </summary>
internal static class UpstreamUrl
{
    private static readonly HashSet<string> FixedSegments = new(StringComparer.Ordinal)
    {
        "api", "v2", "guests", "externalcontacts", "contacts", "bulk", "enrich", "oauth", "token",
    };

    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return "{relative}";
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => FixedSegments.Contains(segment) ? segment : "{id}");
        return $"{uri.Scheme}://{uri.Authority}/{string.Join('/', segments)}";
    }
}

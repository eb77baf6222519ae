namespace GuestSync.Gateway.Security.Origins;

/// <summary>Web origins as browsers send them: <c>scheme://host[:port]</c>, lower case, default ports left out.</summary>
internal static class OriginList
{
    /// <summary>The origin of an absolute http(s) URL or origin string, or null when it is not one.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2048
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        return uri.IsDefaultPort
            ? $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}"
            : $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}:{uri.Port}";
    }

    /// <summary>The configured origins, normalized; invalid entries were refused at start.</summary>
    public static HashSet<string> ToSet(IEnumerable<string> configured) =>
        new(configured.Select(Normalize).OfType<string>(), StringComparer.Ordinal);

    public static void Validate(string prefix, IReadOnlyList<string> origins, List<string> errors)
    {
        for (var i = 0; i < origins.Count; i++)
        {
            var origin = origins[i];
            var normalized = Normalize(origin);
            if (normalized is null || !string.Equals(normalized, origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{prefix}:{i} must be an origin such as https://shop.example.com: http(s), a host, an optional port, no path, no wildcard.");
            }
        }
    }
}

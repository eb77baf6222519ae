namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// Which proxies' <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed (<c>Security:ForwardedHeaders</c>).
/// Default: none, so the client address is the connection's and forwarded headers are ignored.
/// </summary>
internal sealed class TrustedProxyOptions
{
    public const string SectionName = "Security:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>. Default empty.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/8</c>. Default empty.</summary>
    public List<string> KnownNetworks { get; } = [];

    /// <summary>How many proxy hops are unwound. Default 1.</summary>
    public int ForwardLimit { get; set; } = 1;

    internal bool IsConfigured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

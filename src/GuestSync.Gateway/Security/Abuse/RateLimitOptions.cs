namespace GuestSync.Gateway.Security.Abuse;

/// <summary>How often and how many at once profile-sync posts are accepted (<c>Security:RateLimits</c>). Read at start.</summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "Security:RateLimits";

    /// <summary>
    /// Posts per client address (an IPv6 client counts by its /64). Default 60 per minute: generous, because a
    /// hotel's guests often share one address.
    /// </summary>
    public WindowLimitOptions PerClient { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Accepted posts per guest id, counted after validation and the binding token. Default 10 per minute.</summary>
    public WindowLimitOptions PerGuest { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Profile-sync requests in flight at once, across all clients; more → 503 with <c>Retry-After</c>. Default 64.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;
}

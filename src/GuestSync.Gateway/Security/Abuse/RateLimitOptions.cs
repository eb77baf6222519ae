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

    /// <summary>
    /// Guest windows held at once (<c>PerGuest</c>), in a table of fixed size allocated at start (24 bytes per window;
    /// the default 262144 is 6 MB): memory does not grow with the number of guests. Size it above the distinct guests
    /// posting within one window; beyond that the oldest windows are forgotten early (those guests start afresh, none is
    /// refused wrongly). Between 8 and 16777216, rounded up to a power of two. Default 262144.
    /// </summary>
    public int MaxTrackedGuests { get; set; } = 262_144;

    /// <summary>
    /// Client windows held at once (<c>PerClient</c> and <c>MaxConcurrentPerClient</c>), in a table of fixed size allocated
    /// at start (24 bytes per window; the default 65536 is 1.5 MB): memory does not grow with the number of client
    /// addresses. Size it above the distinct addresses (IPv6 /64s) posting within one window; beyond that the oldest
    /// windows are forgotten early (those clients start afresh, none is refused wrongly). Between 8 and 16777216, rounded
    /// up to a power of two. Default 65536.
    /// </summary>
    public int MaxTrackedClients { get; set; } = 65_536;

    /// <summary>
    /// Profile-sync requests in flight at once, across all clients, counted from the moment a post's body has been read
    /// (a client still sending its body holds no permit); more → 503 with <c>Retry-After</c>. Default 64.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>
    /// Profile-sync requests one client address (an IPv6 /64) may have open at once, body reading included; more → 429
    /// with <c>Retry-After: 1</c>. Default 8, an eighth of the default cap.
    /// </summary>
    public int MaxConcurrentPerClient { get; set; } = 8;

    /// <summary>
    /// How long a profile-sync post may take to deliver its whole body, from the moment the gateway starts reading it;
    /// later → 408. Kestrel's minimum data rate (240 bytes/s after 5 s) still applies on top. Default 00:00:10.
    /// </summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

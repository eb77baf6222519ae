namespace GuestSync.Gateway.Security.Abuse;

/// <summary>A fixed-window limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>; more → 429 with <c>Retry-After</c>.</summary>
internal sealed class WindowLimitOptions
{
    /// <summary>Requests allowed per window (at least 1).</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window length (more than zero, at most one day).</summary>
    public TimeSpan Window { get; set; }
}

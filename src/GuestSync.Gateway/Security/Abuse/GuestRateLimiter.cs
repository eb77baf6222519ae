using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// Accepted posts per guest, counted after the submission was validated and its binding token checked, so the
/// partition is a real guest id. The same guest through two profiles shares one window.
/// </summary>
internal sealed class GuestRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public GuestRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perGuest = options.Value.PerGuest;
        _limiter = PartitionedRateLimiter.Create<string, string>(guestId =>
            RateLimitPartition.GetFixedWindowLimiter(guestId, _ => ProfileSyncRateLimiter.Window(perGuest)));
    }

    /// <summary>Null when the post may go on; otherwise how long the guest must wait.</summary>
    public TimeSpan? TryAcquire(string guestId)
    {
        ArgumentNullException.ThrowIfNull(guestId);
        using var lease = _limiter.AttemptAcquire(guestId.ToUpperInvariant());
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}

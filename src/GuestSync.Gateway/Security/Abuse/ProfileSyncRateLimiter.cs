using System.Threading.RateLimiting;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// The limiter ASP.NET Core's rate-limiting middleware applies to profile-sync routes, before the body is read: a fixed
/// window per client address chained with a per-client concurrency share. The global cap is not taken here but by
/// <see cref="ConcurrencyGate"/> once the body is in, so a client trickling its body holds none of it.
/// Other endpoints (health checks) are not limited.
/// </summary>
internal static class ProfileSyncRateLimiter
{
    public static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The partition's options factories are made once here, not per request: the partitioner runs on every request
        // (and a lambda that captures options is a new delegate each time it is evaluated).
        Func<string, FixedWindowRateLimiterOptions> window = _ => Window(options.PerClient);
        Func<string, ConcurrencyLimiterOptions> concurrency = _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentPerClient,
            QueueLimit = 0,
        };
        var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            ProfileRoutes.TryGetProfileName(context, out _)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientPartition.Of(context.Connection.RemoteIpAddress), window)
                : RateLimitPartition.GetNoLimiter(string.Empty));

        var perClientConcurrency = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            ProfileRoutes.TryGetProfileName(context, out _)
                ? RateLimitPartition.GetConcurrencyLimiter(ClientPartition.Of(context.Connection.RemoteIpAddress), concurrency)
                : RateLimitPartition.GetNoLimiter(string.Empty));

        return PartitionedRateLimiter.CreateChained(perClient, perClientConcurrency);
    }

    public static FixedWindowRateLimiterOptions Window(WindowLimitOptions limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

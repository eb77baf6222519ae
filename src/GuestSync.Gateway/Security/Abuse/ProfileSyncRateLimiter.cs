using System.Threading.RateLimiting;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// The limiter ASP.NET Core's rate-limiting middleware applies to profile-sync routes: a fixed window per client
/// address chained with a global concurrency cap. Other endpoints (health checks) are not limited.
/// </summary>
internal static class ProfileSyncRateLimiter
{
    /// <summary>The concurrency cap's partition: one for the whole gateway.</summary>
    private const string Everyone = "*";

    public static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            ProfileRoutes.TryGetProfileName(context, out _)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientPartition.Of(context.Connection.RemoteIpAddress), _ => Window(options.PerClient))
                : RateLimitPartition.GetNoLimiter(string.Empty));

        var concurrency = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            ProfileRoutes.TryGetProfileName(context, out _)
                ? RateLimitPartition.GetConcurrencyLimiter(Everyone, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.MaxConcurrentRequests,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));

        return PartitionedRateLimiter.CreateChained(perClient, concurrency);
    }

    public static FixedWindowRateLimiterOptions Window(WindowLimitOptions limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

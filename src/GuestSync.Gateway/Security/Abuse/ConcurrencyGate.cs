using System.Threading.RateLimiting;
using GuestSync.Gateway.Answers;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// The gateway-wide cap on profile-sync work in flight (<c>Security:RateLimits:MaxConcurrentRequests</c>), taken once a
/// post's body has been read and held until its answer is written. Taking it after the body means a client that trickles
/// its body (bounded by <c>BodyReadTimeout</c> and its per-client share) holds none of the scarce permits.
/// </summary>
internal sealed partial class ConcurrencyGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly ILogger<ConcurrencyGate> _logger;

    public ConcurrencyGate(IOptions<RateLimitOptions> options, ILogger<ConcurrencyGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxConcurrentRequests, QueueLimit = 0 });
    }

    /// <summary>Null when the request holds a permit until its response ends; otherwise the 503 to answer with.</summary>
    public SyncAnswer? TryEnter(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            http.Response.RegisterForDispose(lease);
            return null;
        }

        lease.Dispose();
        Log.Busy(_logger);
        return SyncAnswer.Unavailable("The gateway is busy", TimeSpan.FromSeconds(1), "Try again shortly.");
    }

    public void Dispose() => _limiter.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Profile sync post refused: the concurrency cap is reached")]
        public static partial void Busy(ILogger logger);
    }
}

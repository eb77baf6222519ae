using GuestSync.Gateway.Answers;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// The gateway-wide cap on profile-sync work in flight (<c>Security:RateLimits:MaxConcurrentRequests</c>), taken once a
/// post's body has been read and held until its answer is written. Taking it after the body means a client that trickles
/// its body (bounded by <c>BodyReadTimeout</c> and its per-client share) holds none of the scarce permits.
/// </summary>
/// <remarks>
/// A counter rather than a <c>ConcurrencyLimiter</c>: nothing ever queues for a permit (a post over the cap is answered
/// 503 at once), and the limiter's lock was taken twice per post by every post.
/// </remarks>
internal sealed partial class ConcurrencyGate
{
    private readonly int _limit;
    private readonly ILogger<ConcurrencyGate> _logger;
    private int _inFlight;

    public ConcurrencyGate(IOptions<RateLimitOptions> options, ILogger<ConcurrencyGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _limit = options.Value.MaxConcurrentRequests;
    }

    /// <summary>Null when the request holds a permit until its response ends; otherwise the 503 to answer with.</summary>
    public SyncAnswer? TryEnter(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            http.Response.RegisterForDispose(new Permit(this));
            return null;
        }

        Interlocked.Decrement(ref _inFlight);
        Log.Busy(_logger);
        return SyncAnswer.Unavailable("The gateway is busy", TimeSpan.FromSeconds(1), "Try again shortly.");
    }

    private sealed class Permit(ConcurrencyGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref gate._inFlight);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Profile sync post refused: the concurrency cap is reached")]
        public static partial void Busy(ILogger logger);
    }
}

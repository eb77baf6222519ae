using System.Threading.RateLimiting;
using GuestSync.Gateway.Answers;
using Microsoft.AspNetCore.RateLimiting;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// Answers a request the rate limiter refused: 429 with <c>Retry-After</c> when a window is full, 503 with
/// <c>Retry-After: 1</c> when the concurrency cap is (the client did nothing wrong; the gateway is busy).
/// </summary>
internal static partial class RateLimitRejection
{
    public static ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancel)
    {
        var http = context.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection).FullName!);
        var writer = http.RequestServices.GetRequiredService<AnswerWriter>();
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
        {
            Log.ClientLimited(logger);
            return new ValueTask(writer.WriteAsync(http, SyncAnswer.TooMany(wait)));
        }

        Log.Busy(logger);
        return new ValueTask(writer.WriteAsync(http, SyncAnswer.Unavailable("The gateway is busy", TimeSpan.FromSeconds(1), "Try again shortly.")));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6300, Level = LogLevel.Warning, Message = "Profile sync post refused: the client's rate limit is reached")]
        public static partial void ClientLimited(ILogger logger);

        [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Profile sync post refused: the concurrency cap is reached")]
        public static partial void Busy(ILogger logger);
    }
}

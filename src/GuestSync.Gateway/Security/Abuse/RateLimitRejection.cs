using System.Threading.RateLimiting;
using GuestSync.Gateway.Answers;
using Microsoft.AspNetCore.RateLimiting;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// Answers a request the rate limiter refused: 429 with <c>Retry-After</c> when the client's window is full, 429 with
/// <c>Retry-After: 1</c> when the client already has its share of requests open. (The global cap's 503 is answered by
/// the profile-sync handler through <see cref="ConcurrencyGate"/>.)
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

        Log.ClientBusy(logger);
        return new ValueTask(writer.WriteAsync(http, SyncAnswer.TooMany(TimeSpan.FromSeconds(1))));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6300, Level = LogLevel.Warning, Message = "Profile sync post refused: the client's rate limit is reached")]
        public static partial void ClientLimited(ILogger logger);

        [LoggerMessage(EventId = 6304, Level = LogLevel.Warning, Message = "Profile sync post refused: the client already has its share of requests open")]
        public static partial void ClientBusy(ILogger logger);
    }
}

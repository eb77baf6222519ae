using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Proxy;
using GuestSync.Gateway.Security;
using GuestSync.Gateway.Security.Redaction;
using Yarp.ReverseProxy.Model;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// One Information line per submission when it ends: <see cref="AnswerWriter"/> writes event 1100 for every answer
/// to a profile-sync post, and the outbox deliverer writes event 1101 when a queued submission is delivered or
/// becomes a dead letter. Both carry the same fields: outcome, status, reason, profile, org, the guest's keyed hash
/// (<c>Security:Redaction</c>), attempts, duration, the gateway's correlation id and Genesys's
/// <c>ININ-Correlation-Id</c>. Never a submitted value, a raw guest id or a token; the reason is one of the
/// gateway's own fixed sentences.
/// </summary>
internal sealed partial class SubmissionLog
{
    /// <summary>Genesys took it live (2xx).</summary>
    public const string Synced = "synced";

    /// <summary>Kept in the outbox and answered 202; event 1101 follows when it ends.</summary>
    public const string Queued = "queued";

    /// <summary>The outbox delivered it later (Genesys answered 2xx).</summary>
    public const string Delivered = "delivered";

    /// <summary>The gateway answered it itself, before or instead of Genesys (validation, binding, origin, rate limits, store full).</summary>
    public const string Refused = "refused";

    /// <summary>Genesys refused it for good: 400/404/409/422, live or from the outbox (a dead letter).</summary>
    public const string Rejected = "rejected";

    /// <summary>Genesys could not take it and it was not queued (after retries, 5xx, timeout, no token), or it expired in the outbox.</summary>
    public const string Failed = "failed";

    /// <summary>A repeat with an idempotency key, answered with the kept answer: nothing was sent again.</summary>
    public const string Replayed = "replayed";

    private const string QueuedAtOnce = "Queued without a live send: the guest had a pending item or a send in flight, or Genesys was known to be unavailable";

    private readonly ILogger<SubmissionLog> _logger;
    private readonly GuestLogIds _guestIds;
    private readonly TimeProvider _timeProvider;

    public SubmissionLog(ILogger<SubmissionLog> logger, GuestLogIds guestIds, TimeProvider timeProvider)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _guestIds = guestIds ?? throw new ArgumentNullException(nameof(guestIds));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Starts the record of a request to a profile-sync route, when its line will be written.</summary>
    public void Begin(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information)
            || HttpMethods.IsOptions(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is not { } route
            || !ProfileRoutes.TryGetProfileName(route.Config, out var profile))
        {
            return;
        }

        var org = GenesysClusterMetadata.TryGetOrg(route.Cluster?.Model.Config.Metadata, out var named) ? named : null;
        context.Features.Set(new SubmissionRecord(profile, org, _timeProvider.GetTimestamp()));
    }

    /// <summary>Writes the line of the request's answer (once per request).</summary>
    public void Answered(HttpContext context, SyncAnswer answer)
    {
        if (SubmissionRecord.Of(context) is not { } record || !record.TryEnd())
        {
            return;
        }

        var outcome = OutcomeOf(answer, record.Forwarded);
        var reason = outcome == Queued ? record.QueuedAfter ?? QueuedAtOnce : answer.Title;
        Log.SubmissionAnswered(_logger, outcome, answer.Status, reason, record.Profile, record.Org, HashOf(record.GuestId),
            record.Sends.Count, Milliseconds(_timeProvider.GetElapsedTime(record.StartedAt)), context.TraceIdentifier, record.Sends.LastCorrelationId);
    }

    /// <summary>Writes the line of a repeat answered with its kept answer.</summary>
    public void AnsweredAgain(HttpContext context, RecordedAnswer recorded)
    {
        if (SubmissionRecord.Of(context) is not { } record || !record.TryEnd())
        {
            return;
        }

        Log.SubmissionAnswered(_logger, Replayed, recorded.Status, "The answer kept for this idempotency key was sent again", record.Profile, record.Org,
            HashOf(record.GuestId), 0, Milliseconds(_timeProvider.GetElapsedTime(record.StartedAt)), context.TraceIdentifier, null);
    }

    /// <summary>A queued item reached Genesys: its submissions are synced now.</summary>
    public void DeliveredLater(OutboxItem item, int status, int attempts, string? genesysCorrelationId)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.QueuedSubmissionEnded(_logger, Delivered, status, "Delivered from the outbox", item.Profile, item.Org, HashOf(item.GuestId), attempts,
                Milliseconds(_timeProvider.GetUtcNow() - item.FirstAcceptedAt), item.FirstCorrelationId, genesysCorrelationId);
        }
    }

    /// <summary>A queued item became a dead letter: refused by Genesys (<paramref name="status"/> 400/404/409/422) or expired.</summary>
    public void DeadLettered(OutboxItem item, int status, string reason, int attempts, string? genesysCorrelationId)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var outcome = reason == OutboxReasons.Expired ? Failed : Rejected;
            Log.QueuedSubmissionEnded(_logger, outcome, status, $"Moved to dead letters: {reason}", item.Profile, item.Org, HashOf(item.GuestId), attempts,
                Milliseconds(_timeProvider.GetUtcNow() - item.FirstAcceptedAt), item.FirstCorrelationId, genesysCorrelationId);
        }
    }

    /// <summary>The outcome of an answer; <paramref name="forwarded"/>: a live send to Genesys was started for it.</summary>
    internal static string OutcomeOf(SyncAnswer answer, bool forwarded) => answer.Outcome switch
    {
        "synced" => Synced,
        "queued" => Queued,
        "rejected" or "not_found" => Rejected,
        "failed" or "timeout" => Failed,
        "unavailable" => forwarded ? Failed : Refused,
        _ => forwarded && answer.Status >= 500 ? Failed : Refused,
    };

    private string? HashOf(string? guestId) => guestId is null ? null : _guestIds.For(guestId);

    private static double Milliseconds(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 1);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "SubmissionAnswered", Level = LogLevel.Information,
            Message = "Submission {Outcome} ({Status}, {Reason}): profile {Profile}, org {Org}, guest {GuestHash}, {Attempts} sends to Genesys, {DurationMs} ms, correlation {CorrelationId}, ININ-Correlation-Id {GenesysCorrelationId}")]
        public static partial void SubmissionAnswered(ILogger logger, string outcome, int status, string reason, string profile, string? org, string? guestHash,
            int attempts, double durationMs, string correlationId, string? genesysCorrelationId);

        [LoggerMessage(EventId = 1101, EventName = "QueuedSubmissionEnded", Level = LogLevel.Information,
            Message = "Queued submission {Outcome} ({Status}, {Reason}): profile {Profile}, org {Org}, guest {GuestHash}, {Attempts} delivery attempts, {DurationMs} ms since accepted, correlation {CorrelationId}, ININ-Correlation-Id {GenesysCorrelationId}")]
        public static partial void QueuedSubmissionEnded(ILogger logger, string outcome, int status, string reason, string profile, string org, string? guestHash,
            int attempts, double durationMs, string correlationId, string? genesysCorrelationId);
    }
}

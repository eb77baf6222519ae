using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// Decides whether a validated submission goes to Genesys live or straight to the outbox, and queues it. It joins
/// the outbox at once when its guest already has a queued item or a live send in flight in this process, or in a
/// fleet on any replica (<see cref="FleetLiveKeys"/>) (latest
/// wins, never a race), and when the organization is known to be unavailable (429 cool-down, spent rate window, open
/// breaker): nothing is sent into a known limit. A submission the store cannot take is answered 503 with
/// Retry-After, never 202.
/// </summary>
internal sealed partial class OutboxAdmission
{
    private readonly OutboxQueue _queue;
    private readonly LiveSends _live;
    private readonly DeliveryPauses _pauses;
    private readonly GenesysResilienceRegistry _resilience;
    private readonly DeliveryOptions _delivery;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxAdmission> _logger;
    private readonly FleetLiveKeys? _fleetKeys;
    private readonly TimeoutSourcePool _maxWaits;

    public OutboxAdmission(OutboxQueue queue, LiveSends live, DeliveryPauses pauses, GenesysResilienceRegistry resilience, IOptions<DeliveryOptions> delivery,
        TimeProvider timeProvider, ILogger<OutboxAdmission> logger, TimeoutSourcePool maxWaits, FleetLiveKeys? fleetKeys = null)
    {
        _fleetKeys = fleetKeys;
        _maxWaits = maxWaits ?? throw new ArgumentNullException(nameof(maxWaits));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _live = live ?? throw new ArgumentNullException(nameof(live));
        _pauses = pauses ?? throw new ArgumentNullException(nameof(pauses));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _delivery = delivery?.Value ?? throw new ArgumentNullException(nameof(delivery));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>A live attempt to make (its key now in flight), or the answer when the submission was queued at once.</summary>
    public async Task<(LiveAttempt? Live, SyncAnswer? Answer)> StartAsync(OutboxSubmission submission, ProfileOptions profile)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(profile);
        if (_live.TryBegin(submission.Org, submission.Key) is not { } send)
        {
            return (null, await QueueAsync(submission, profile, "in-flight"));
        }

        if (_fleetKeys is not null)
        {
            // In a fleet the guest may be in flight on another replica: the same rule, through the database.
            if (!await _fleetKeys.TryBeginAsync(submission.Org, submission.Key, CancellationToken.None))
            {
                var queued = await QueueAsync(submission, profile, "in-flight");
                send.Dispose();
                return (null, queued);
            }

            send.OnEnd = () => _fleetKeys.End(submission.Org, submission.Key);
        }

        var why = await HasPendingAsync(submission) ? "pending" : _resilience.For(submission.Org).KnownUnavailable(_timeProvider.GetUtcNow());
        if (why is not null)
        {
            // Queued before the live mark ends, so the key is never uncovered.
            var answer = await QueueAsync(submission, profile, why);
            send.Dispose();
            return (null, answer);
        }

        return (new LiveAttempt(send, _delivery.MaxWait, _maxWaits, _timeProvider), null);
    }

    /// <summary>
    /// Queues a submission whose live attempt Genesys could not take (<paramref name="failed"/> may pass): the
    /// organization's backlog waits for the Retry-After it gave, else the first back-off step, before it is sent again.
    /// </summary>
    public Task<SyncAnswer> QueueAfterAsync(OutboxSubmission submission, ProfileOptions profile, SyncAnswer failed)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(failed);
        _pauses.PauseUntil(submission.Org, _timeProvider.GetUtcNow() + (failed.RetryAfter ?? _delivery.RetryBaseDelay));
        return QueueAsync(submission, profile, failed.Outcome);
    }

    /// <summary>Writes the submission to the outbox (merging into its guest's pending item): 202, or 503 when the store cannot take it.</summary>
    public async Task<SyncAnswer> QueueAsync(OutboxSubmission submission, ProfileOptions profile, string reason)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(profile);
        try
        {
            // Not the browser's token: a visitor who leaves does not cancel what was accepted.
            var enqueued = await _queue.EnqueueAsync(submission, CancellationToken.None);
            Log.Queued(_logger, submission.Org, submission.Profile, reason, enqueued.Merged);
            return SyncAnswer.Queued(submission.GuestId, profile.SuccessUrl);
        }
        catch (OutboxUnavailableException unavailable)
        {
            // The store logs its own fault, once a minute.
            return SyncAnswer.Unavailable("The gateway cannot accept updates right now", unavailable.RetryAfter);
        }
    }

    private async Task<bool> HasPendingAsync(OutboxSubmission submission)
    {
        try
        {
            return await _queue.HasPendingAsync(submission.Org, submission.Key, CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A store that cannot be read does not stop a live send; queueing, if needed, reports the store's state.
            Log.PendingUnknown(_logger, submission.Org, failure.GetType().Name);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1720, Level = LogLevel.Debug, Message = "Submission for org {Org}, profile {Profile} queued ({Reason}; joined a pending item: {Merged})")]
        public static partial void Queued(ILogger logger, string org, string profile, string reason, bool merged);

        [LoggerMessage(EventId = 1721, Level = LogLevel.Warning, Message = "Could not read the outbox for org {Org} ({Exception}); sending live")]
        public static partial void PendingUnknown(ILogger logger, string org, string exception);
    }
}

using System.Collections.Concurrent;
using GuestSync.Gateway.Answers;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Delivers queued items, per organization, oldest first, through <see cref="IGenesysSender"/> (the live path's
/// chain, so live traffic and the backlog share one budget and one cool-down). 2xx completes the item (a newer
/// edit merged meanwhile stays and goes next); 400/404/409/422 and items older than <c>Delivery:MaxAge</c>
/// become dead letters; anything else is tried again after Retry-After or the chain's own wait, else an
/// exponential backoff, and pauses the organization's whole backlog until then: nothing is sent into a known
/// rate limit or outage. Wakes on <see cref="OutboxSignal"/> and every <c>Delivery:PollInterval</c>. A key with a
/// live send in flight in this process (<see cref="LiveSends"/>) waits for that send to end before it is sent.
/// Due contacts-enrich items go up to <c>Delivery:EnrichBatchSize</c> per bulk request (<see cref="EnrichBatchSender"/>):
/// a round leases that many times <c>Delivery:Concurrency</c> items and sends at most <c>Concurrency</c> requests at
/// once; a request not started when the organization gets paused gives its items back until the pause ends.
/// </summary>
internal sealed partial class OutboxDeliverer : BackgroundService
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);
    private readonly IOutboxStore _store;
    private readonly IGenesysSender _sender;
    private readonly OutboxSignal _signal;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly OutboxMetrics _metrics;
    private readonly ILogger<OutboxDeliverer> _logger;
    private readonly LiveSends? _live;
    private readonly DeliveryPauses? _shared;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, OrgPause> _pauses = new(StringComparer.Ordinal);
    private readonly EnrichBatchSender _batches;
    private readonly SubmissionLog? _submissions;

    public OutboxDeliverer(IOutboxStore store, IGenesysSender sender, OutboxSignal signal, IOptions<DeliveryOptions> options,
        TimeProvider timeProvider, OutboxMetrics metrics, ILogger<OutboxDeliverer> logger, LiveSends? live = null, DeliveryPauses? pauses = null,
        SubmissionLog? submissions = null)
    {
        _submissions = submissions;
        _live = live;
        _shared = pauses;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _signal = signal ?? throw new ArgumentNullException(nameof(signal));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _batches = new EnrichBatchSender(sender, timeProvider);
    }

    /// <summary>Sends everything due now, org by org, and says when something is due next.</summary>
    public async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? next = null;
        foreach (var org in await _store.PendingOrgsAsync(cancellationToken))
        {
            await DeliverOrgAsync(org, cancellationToken);
            var backlog = await _store.BacklogAsync(org, _time.GetUtcNow(), cancellationToken);
            _metrics.Backlog(backlog);
            if (backlog.NextDueAt is { } due)
            {
                var pausedUntil = PausedUntil(org);
                var wake = pausedUntil > due ? pausedUntil : due;
                next = next is null || wake < next ? wake : next;
            }
        }

        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                if (await DeliverDueAsync(stoppingToken) is { } next && next - _time.GetUtcNow() < wait)
                {
                    wait = next - _time.GetUtcNow();
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                Log.PassFailed(_logger, failure.GetType().Name);
            }

            try
            {
                await _signal.WaitAsync(wait, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverOrgAsync(string org, CancellationToken cancellationToken)
    {
        var batchSize = _options.EnrichBatchSize;
        while (PausedUntil(org) <= _time.GetUtcNow())
        {
            var leasedAt = _time.GetUtcNow();
            var leased = await _store.LeaseAsync(org, _owner, _options.Concurrency * batchSize, leasedAt, _options.LeaseDuration, cancellationToken);
            if (leased.Count == 0)
            {
                return;
            }

            // Units of work: bulk batches of the enrich items when more than one is due, every other item alone.
            var live = new List<OutboxItem>(leased.Count);
            foreach (var item in leased)
            {
                if (!await ExpireAsync(item))
                {
                    live.Add(item);
                }
            }

            var enrich = batchSize > 1 ? live.Where(EnrichBatchSender.CanBatch).ToList() : [];
            var units = enrich.Count > 1
                ? [.. EnrichBatchSender.Batches(enrich, batchSize), .. live.Except(enrich).Select(item => new[] { item })]
                : live.Select(item => new[] { item }).ToList();
            using var slots = new SemaphoreSlim(_options.Concurrency);
            await Task.WhenAll(units.Select(unit => RunUnitAsync(org, unit, leasedAt, slots, cancellationToken)));
        }
    }

    private async Task RunUnitAsync(string org, OutboxItem[] unit, DateTimeOffset leasedAt, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(CancellationToken.None);
        try
        {
            var now = _time.GetUtcNow();
            if (PausedUntil(org) is var until && until > now)
            {
                // Another send of this round met a rate limit or an outage: nothing more is sent into it.
                foreach (var item in unit)
                {
                    await _store.RetryLaterAsync(item, new DeliveryAttempt(now, 0, "org-paused", null), until, CancellationToken.None);
                }

                return;
            }

            if (!await WhenLiveIdleAsync(unit, cancellationToken))
            {
                return;
            }

            using var bound = Bound(leasedAt, cancellationToken);
            var token = bound.Token;
            if (unit.Length == 1)
            {
                await ApplyAsync(unit[0], await SendAsync(unit[0], token), cancellationToken);
                return;
            }

            IReadOnlyList<DeliveryOutcome>? outcomes;
            using (var span = OutboxDeliverySpan.Start(org, unit))
            {
                outcomes = await _batches.SendAsync(org, unit, token);
                span?.SetTag("guestsync.outbox.bulk", true);
                if (outcomes is not null)
                {
                    OutboxDeliverySpan.End(span, outcomes.FirstOrDefault(o => o.Kind != DeliveryOutcomeKind.Delivered) ?? outcomes[0]);
                }
            }

            if (outcomes is null)
            {
                // Genesys refused the bulk request as a whole: each item is sent alone and gets its own answer.
                foreach (var item in unit)
                {
                    await ApplyAsync(item, await SendAsync(item, token), cancellationToken);
                }

                return;
            }

            for (var i = 0; i < unit.Length; i++)
            {
                await ApplyAsync(unit[i], outcomes[i], cancellationToken);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// Waits until no live send of the unit's keys is in flight in this process: that send ends (delivered, or merged
    /// into the item) first, so the two never race. False when stopping: the items are given back, due now.
    /// </summary>
    private async Task<bool> WhenLiveIdleAsync(OutboxItem[] unit, CancellationToken cancellationToken)
    {
        if (_live is null)
        {
            return true;
        }

        try
        {
            foreach (var item in unit)
            {
                await _live.WhenIdleAsync(item.Org, item.Key, cancellationToken);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            var now = _time.GetUtcNow();
            foreach (var item in unit)
            {
                await _store.RetryLaterAsync(item, new DeliveryAttempt(now, 0, "stopping", null), now, CancellationToken.None);
            }

            return false;
        }
    }

    /// <summary>Whether the item was older than <c>Delivery:MaxAge</c> and became a dead letter.</summary>
    private async Task<bool> ExpireAsync(OutboxItem item)
    {
        var now = _time.GetUtcNow();
        if (now - item.AgeBase <= _options.MaxAge)
        {
            return false;
        }

        var expired = new DeliveryAttempt(now, item.LastStatus ?? 0, OutboxReasons.Expired, item.LastGenesysCorrelationId);
        await _store.DeadLetterAsync(item, expired, OutboxReasons.Expired, CancellationToken.None);
        _metrics.DeadLettered(item.Org, OutboxReasons.Expired);
        _submissions?.DeadLettered(item, item.LastStatus ?? 0, OutboxReasons.Expired, item.Attempts, item.LastGenesysCorrelationId);
        Log.Expired(_logger, item.Id, item.Org, item.Attempts, item.LastStatus, item.LastGenesysCorrelationId);
        return true;
    }

    private async Task ApplyAsync(OutboxItem item, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var attempt = new DeliveryAttempt(_time.GetUtcNow(), outcome.Status, outcome.Error, outcome.GenesysCorrelationId);
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                await _store.CompleteAsync(item, attempt, CancellationToken.None);
                _pauses.TryRemove(item.Org, out _);
                _shared?.Clear(item.Org);
                _metrics.Delivered(item.Org, attempt.At - item.FirstAcceptedAt);
                _submissions?.DeliveredLater(item, outcome.Status, item.Attempts + 1, outcome.GenesysCorrelationId);
                Log.Delivered(_logger, item.Id, item.Org, outcome.Status, item.Attempts + 1, outcome.GenesysCorrelationId);
                break;
            case DeliveryOutcomeKind.Permanent:
                var reason = OutboxReasons.Status(outcome.Status);
                await _store.DeadLetterAsync(item, attempt, reason, CancellationToken.None);
                _metrics.DeadLettered(item.Org, reason);
                _submissions?.DeadLettered(item, outcome.Status, reason, item.Attempts + 1, outcome.GenesysCorrelationId);
                Log.Refused(_logger, item.Id, item.Org, outcome.Status, outcome.GenesysCorrelationId);
                break;
            default:
                // Stopping: give the item back at once so the next start sends it without waiting for the lease.
                var notBefore = cancellationToken.IsCancellationRequested ? attempt.At
                    : outcome.ItemOnly ? attempt.At + Backoff(item.Attempts + 1)
                    : RetryAt(item, outcome, attempt.At);
                await _store.RetryLaterAsync(item, attempt, notBefore, CancellationToken.None);
                Log.WillRetry(_logger, item.Id, item.Org, outcome.Status, outcome.Error, notBefore, outcome.GenesysCorrelationId);
                break;
        }
    }

    /// <summary>A token that ends before the lease taken at <paramref name="leasedAt"/> does, so no other deliverer can take
    /// an item while it is in flight.</summary>
    private LeaseBound Bound(DateTimeOffset leasedAt, CancellationToken cancellationToken)
    {
        var left = leasedAt + (_options.LeaseDuration * 0.9) - _time.GetUtcNow();
        return new LeaseBound(new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time), cancellationToken);
    }

    private sealed class LeaseBound(CancellationTokenSource leaseEnds, CancellationToken stopping) : IDisposable
    {
        private readonly CancellationTokenSource _linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, leaseEnds.Token);

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            leaseEnds.Dispose();
        }
    }

    private async Task<DeliveryOutcome> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        using var span = OutboxDeliverySpan.Start(item.Org, [item]);
        DeliveryOutcome outcome;
        try
        {
            using var response = await _sender.SendAsync(item.Org, item.Request, cancellationToken);
            outcome = DeliveryOutcome.Of(response, _time);
        }
        catch (Exception failure)
        {
            outcome = DeliveryOutcome.Of(failure);
        }

        OutboxDeliverySpan.End(span, outcome);
        return outcome;
    }

    /// <summary>When to try again: the wait Genesys or the chain named, else an exponential backoff over the org's
    /// consecutive failures and the item's own attempts; the org's backlog pauses until then.</summary>
    private DateTimeOffset RetryAt(OutboxItem item, DeliveryOutcome outcome, DateTimeOffset now)
    {
        var pause = _pauses.AddOrUpdate(item.Org, _ => new OrgPause(1, now), (_, p) => p with { Failures = p.Failures + 1 });
        var backoff = Backoff(Math.Max(pause.Failures, item.Attempts + 1));
        var wait = outcome.RetryAfter ?? backoff;
        var notBefore = now + (wait < MinimumWait ? MinimumWait : wait); // "Retry-After: 0" must not become a hot loop
        _pauses.AddOrUpdate(item.Org, _ => new OrgPause(1, notBefore), (_, p) => p with { Until = p.Until > notBefore ? p.Until : notBefore });
        return notBefore;
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay;
    }

    private DateTimeOffset PausedUntil(string org)
    {
        var own = _pauses.TryGetValue(org, out var pause) ? pause.Until : DateTimeOffset.MinValue;
        var shared = _shared?.Until(org) ?? DateTimeOffset.MinValue;
        return own > shared ? own : shared;
    }

    private sealed record OrgPause(int Failures, DateTimeOffset Until);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1710, Level = LogLevel.Debug, Message = "Outbox item {ItemId} for org {Org} delivered with {Status} after {Attempts} attempts (ININ-Correlation-Id {CorrelationId})")]
        public static partial void Delivered(ILogger logger, long itemId, string org, int status, int attempts, string? correlationId);

        [LoggerMessage(EventId = 1711, Level = LogLevel.Warning, Message = "Outbox item {ItemId} for org {Org} refused by Genesys with {Status}: moved to dead letters (ININ-Correlation-Id {CorrelationId})")]
        public static partial void Refused(ILogger logger, long itemId, string org, int status, string? correlationId);

        [LoggerMessage(EventId = 1712, Level = LogLevel.Warning, Message = "Outbox item {ItemId} for org {Org} expired after {Attempts} attempts (last status {LastStatus}, ININ-Correlation-Id {CorrelationId}): moved to dead letters")]
        public static partial void Expired(ILogger logger, long itemId, string org, int attempts, int? lastStatus, string? correlationId);

        [LoggerMessage(EventId = 1713, Level = LogLevel.Information, Message = "Outbox item {ItemId} for org {Org} not delivered ({Status} {Error}); the org's backlog waits until {NotBefore} (ININ-Correlation-Id {CorrelationId})")]
        public static partial void WillRetry(ILogger logger, long itemId, string org, int status, string? error, DateTimeOffset notBefore, string? correlationId);

        [LoggerMessage(EventId = 1714, Level = LogLevel.Error, Message = "An outbox delivery pass failed ({Exception}); the next pass tries again")]
        public static partial void PassFailed(ILogger logger, string exception);
    }
}

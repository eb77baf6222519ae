using System.Net;
using System.Threading.RateLimiting;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Hosting;
using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// The organization's budget and 429 cool-down shared by the fleet (<c>Store:Provider=Postgres</c>), in place of the
/// replica's own throttle. Before each attempt: take one permit from <see cref="IFleetBudget"/> (refused while any
/// replica's 429 cool-down lasts), waiting for it when that fits the submission's budget, otherwise giving up at once
/// with <see cref="GenesysUnavailableException"/> so the caller can queue. After each attempt: a 429's Retry-After is
/// published with <see cref="IFleetCoolDown"/>, so every replica pauses. One waiter per replica asks the database at a
/// time (the others queue here, at most <c>ThrottleQueueLimit</c>), so the database sees at most one permit request
/// per replica and organization at once.
/// While the database does not answer (<see cref="FleetStoreHealth"/>), the replica paces itself to its local share,
/// <c>RequestsPerMinute / Fleet:Replicas</c>, and the local cool-down (<see cref="GenesysLimitsStrategy"/>) still applies.
/// </summary>
internal sealed class FleetLimitStrategy : ResilienceStrategy<HttpResponseMessage>, IDisposable
{
    private readonly string _org;
    private readonly GenesysResilienceOptions _options;
    private readonly CoolDownGate _gate;
    private readonly RateBudget _reported;
    private readonly FleetLimits _fleet;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SlidingWindowRateLimiter? _localShare;
    private int _waiting;

    public FleetLimitStrategy(string org, GenesysResilienceOptions options, CoolDownGate gate, RateBudget reported, FleetLimits fleet, TimeProvider timeProvider)
    {
        _org = org;
        _options = options;
        _gate = gate;
        _reported = reported;
        _fleet = fleet;
        _timeProvider = timeProvider;
        if (options.RequestsPerMinute > 0)
        {
            _localShare = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = LocalShare(options.RequestsPerMinute, fleet.Options.Replicas),
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 12,
                QueueLimit = options.ThrottleQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    /// <summary>What one replica may send a minute while the database is unreachable.</summary>
    public static int LocalShare(int requestsPerMinute, int replicas) => Math.Max(1, requestsPerMinute / Math.Max(1, replicas));

    public void Dispose()
    {
        _turn.Dispose();
        _localShare?.Dispose();
    }

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        using (var lease = await AcquireAsync(context).ConfigureAwait(context.ContinueOnCapturedContext))
        {
            if (lease.Refused is { } refused)
            {
                return Outcome.FromException<HttpResponseMessage>(refused);
            }
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited)
        {
            var until = _timeProvider.GetUtcNow() + (RetryAfter.Of(limited, _timeProvider) ?? GenesysLimitsStrategy.DefaultCoolDown);
            await _fleet.Health.TryValueAsync(
                async ct =>
                {
                    await _fleet.CoolDown.PauseUntilAsync(_org, until, ct);
                    return true;
                },
                _fleet.Options.StoreTimeout,
                CancellationToken.None).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        return outcome;
    }

    private async ValueTask<Permit> AcquireAsync(ResilienceContext context)
    {
        var deadline = context.Properties.GetValue(ResilienceKeys.Deadline, DateTimeOffset.MaxValue);
        if (Interlocked.Increment(ref _waiting) > _options.ThrottleQueueLimit + 1)
        {
            Interlocked.Decrement(ref _waiting);
            return Refuse($"Genesys organization '{_org}' has {_options.ThrottleQueueLimit} requests waiting for the fleet's budget already.", TimeSpan.FromSeconds(1));
        }

        try
        {
            await _turn.WaitAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            try
            {
                return await AcquireInTurnAsync(context, deadline).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            finally
            {
                _turn.Release();
            }
        }
        catch (OperationCanceledException ex)
        {
            return new Permit(ex, null);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private async ValueTask<Permit> AcquireInTurnAsync(ResilienceContext context, DateTimeOffset deadline)
    {
        while (true)
        {
            var (answered, decision) = await AskFleetAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            if (!answered)
            {
                return await AcquireLocalShareAsync(context, deadline).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            if (decision.Granted)
            {
                return Permit.Granted;
            }

            if (decision.PausedUntil is { } pausedUntil)
            {
                // Another replica saw a 429: this replica's own gate learns it too (the outbox reads it for its pause).
                _gate.CloseUntil(pausedUntil);
            }

            var now = _timeProvider.GetUtcNow();
            if (now + decision.RetryAfter > deadline)
            {
                return Refuse(decision.PausedUntil is null
                    ? $"Genesys organization '{_org}' has used the fleet's budget; the next permit comes after the submission's budget."
                    : $"Genesys organization '{_org}' is cooling down after a 429 seen by the fleet for longer than the submission's budget.", decision.RetryAfter);
            }

            await Task.Delay(decision.RetryAfter, _timeProvider, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }

    private async Task<(bool Answered, FleetBudgetDecision Decision)> AskFleetAsync(CancellationToken cancellationToken)
    {
        var limit = EffectiveLimit();
        if (limit > 0)
        {
            var policy = new FleetBudgetPolicy(limit);
            return await _fleet.Health.TryValueAsync(ct => _fleet.Budget.TryAcquireAsync(_org, policy, 1, ct), _fleet.Options.StoreTimeout, cancellationToken);
        }

        // No budget configured (RequestsPerMinute 0): only the fleet's cool-down holds sends back.
        var (answered, pausedUntil) = await _fleet.Health.TryValueAsync(ct => _fleet.CoolDown.PausedUntilAsync(_org, ct), _fleet.Options.StoreTimeout, cancellationToken);
        var wait = pausedUntil is { } until ? until - _timeProvider.GetUtcNow() : TimeSpan.Zero;
        return (answered, wait > TimeSpan.Zero ? new FleetBudgetDecision(false, wait, pausedUntil) : FleetBudgetDecision.Grant);
    }

    /// <summary>The configured budget, or the lower limit Genesys reports on its answers.</summary>
    private int EffectiveLimit()
    {
        var reported = _reported.Allowed;
        return reported > 0 && reported < _options.RequestsPerMinute ? reported : _options.RequestsPerMinute;
    }

    private async ValueTask<Permit> AcquireLocalShareAsync(ResilienceContext context, DateTimeOffset deadline)
    {
        if (_localShare is null)
        {
            return Permit.Granted;
        }

        var remaining = deadline - _timeProvider.GetUtcNow();
        using var limit = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, limit.Token);
        try
        {
            var lease = await _localShare.AcquireAsync(1, linked.Token).ConfigureAwait(context.ContinueOnCapturedContext);
            if (lease.IsAcquired)
            {
                return new Permit(null, lease);
            }

            lease.Dispose();
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
        }

        return Refuse($"Genesys organization '{_org}' has used this replica's local share of the budget while the shared store is unreachable.", TimeSpan.FromSeconds(60.0 / LocalShare(_options.RequestsPerMinute, _fleet.Options.Replicas)));
    }

    private static Permit Refuse(string message, TimeSpan retryAfter) =>
        new(new GenesysUnavailableException(message) { Cause = GenesysUnavailableCause.CoolingDown, RetryAfter = retryAfter }, null);

    private readonly record struct Permit(Exception? Refused, RateLimitLease? Lease) : IDisposable
    {
        public static Permit Granted => default;

        public void Dispose() => Lease?.Dispose();
    }
}

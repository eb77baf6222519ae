using System.Net;
using GuestSync.Gateway.Hosting;
using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// The limits Genesys itself announces, around each attempt. Before: wait for the organization's 429 cool-down
/// (<see cref="CoolDownGate"/>), then reserve a request of the rate-limit window its answers report
/// (<see cref="RateBudget"/>); each wait only when it ends inside the submission's budget, otherwise give up at once with
/// <see cref="GenesysUnavailableException"/> so the caller can queue it. After: learn the window from the answer's
/// <c>inin-ratelimit-*</c> headers, and a 429 closes the gate for every request to the organization.
/// </summary>
/// <remarks>
/// One strategy rather than two: both act before and after every attempt of every request, and each strategy of a Polly
/// pipeline is one more async state machine and completion hop per attempt. With the gate open and room in the window
/// (nearly always) the attempt goes on without awaiting anything here.
/// </remarks>
internal sealed class GenesysLimitsStrategy : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>The pause after a 429 that names no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan DefaultCoolDown = TimeSpan.FromSeconds(1);

    private readonly CoolDownGate _gate;
    private readonly RateBudget _budget;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly string _org;

    public GenesysLimitsStrategy(CoolDownGate gate, RateBudget budget, TimeProvider timeProvider, GatewayMetrics metrics, string org)
    {
        _gate = gate;
        _budget = budget;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _org = org;
    }

    protected override ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var now = _timeProvider.GetUtcNow();
        // The window is reserved only with the gate open: a request waiting out a cool-down holds none of it.
        return _gate.RemainingAt(now) == TimeSpan.Zero && _budget.TryReserve(now) == TimeSpan.Zero
            ? SendAsync(callback, context, state)
            : WaitThenSendAsync(callback, context, state);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> WaitThenSendAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var coolDown = _gate.RemainingAt(_timeProvider.GetUtcNow());
        if (coolDown > TimeSpan.Zero && await BudgetedWait.WaitAsync(coolDown, context, _timeProvider,
            () => $"Genesys organization '{_org}' is cooling down after a 429 for longer than the submission's budget.") is { } coolingDown)
        {
            return Outcome.FromException<HttpResponseMessage>(coolingDown);
        }

        for (var wait = _budget.TryReserve(_timeProvider.GetUtcNow()); wait > TimeSpan.Zero; wait = _budget.TryReserve(_timeProvider.GetUtcNow()))
        {
            if (await BudgetedWait.WaitAsync(wait, context, _timeProvider,
                () => $"Genesys organization '{_org}' has used its rate-limit window; it resets after the submission's budget.") is { } spent)
            {
                return Outcome.FromException<HttpResponseMessage>(spent);
            }
        }

        return await SendAsync(callback, context, state).ConfigureAwait(context.ContinueOnCapturedContext);
    }

    /// <summary>The attempt, its window reserved; then what its answer says about the limits.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> SendAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { } response && GenesysRateLimitHeaders.TryRead(response, out var headers))
        {
            _budget.Observe(headers, _timeProvider.GetUtcNow());
        }
        else
        {
            _budget.Release();
        }

        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited)
        {
            _gate.CloseUntil(_timeProvider.GetUtcNow() + (RetryAfter.Of(limited, _timeProvider) ?? DefaultCoolDown));
            _metrics.RateLimited(_org);
        }

        return outcome;
    }
}

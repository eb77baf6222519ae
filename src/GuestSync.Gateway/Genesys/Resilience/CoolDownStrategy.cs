using System.Net;
using GuestSync.Gateway.Hosting;
using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Before each attempt: wait for the organization's cool-down when it ends inside the submission's
/// budget, otherwise give up at once with <see cref="GenesysUnavailableException"/>. After each
/// attempt: a 429 closes the gate for every request to the organization.
/// </summary>
internal sealed class CoolDownStrategy : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>The pause after a 429 that names no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan DefaultCoolDown = TimeSpan.FromSeconds(1);

    private readonly CoolDownGate _gate;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly string _org;

    public CoolDownStrategy(CoolDownGate gate, TimeProvider timeProvider, GatewayMetrics metrics, string org)
    {
        _gate = gate;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _org = org;
    }

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var wait = _gate.RemainingAt(_timeProvider.GetUtcNow());
        if (wait > TimeSpan.Zero && await BudgetedWait.WaitAsync(wait, context, _timeProvider,
            () => $"Genesys organization '{_org}' is cooling down after a 429 for longer than the submission's budget.") is { } stopped)
        {
            return Outcome.FromException<HttpResponseMessage>(stopped);
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited)
        {
            var retryAfter = RetryAfter.Of(limited, _timeProvider) ?? DefaultCoolDown;
            _gate.CloseUntil(_timeProvider.GetUtcNow() + retryAfter);
            _metrics.RateLimited(_org);
        }

        return outcome;
    }
}

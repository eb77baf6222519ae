using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Before each attempt: reserve a request of the window Genesys reported (<see cref="RateBudget"/>); when
/// the window is spent, wait for its reset if that fits the submission's budget, otherwise give up at once
/// with <see cref="GenesysUnavailableException"/> so the caller can queue it. After each attempt: learn
/// the window from the answer's <c>inin-ratelimit-*</c> headers.
/// </summary>
internal sealed class RateBudgetStrategy : ResilienceStrategy<HttpResponseMessage>
{
    private readonly RateBudget _budget;
    private readonly TimeProvider _timeProvider;
    private readonly string _org;

    public RateBudgetStrategy(RateBudget budget, TimeProvider timeProvider, string org)
    {
        _budget = budget;
        _timeProvider = timeProvider;
        _org = org;
    }

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        for (var wait = _budget.TryReserve(_timeProvider.GetUtcNow()); wait > TimeSpan.Zero; wait = _budget.TryReserve(_timeProvider.GetUtcNow()))
        {
            if (await BudgetedWait.WaitAsync(wait, context, _timeProvider,
                () => $"Genesys organization '{_org}' has used its rate-limit window; it resets after the submission's budget.") is { } stopped)
            {
                return Outcome.FromException<HttpResponseMessage>(stopped);
            }
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { } response && GenesysRateLimitHeaders.TryRead(response, out var headers))
        {
            _budget.Observe(headers, _timeProvider.GetUtcNow());
        }
        else
        {
            _budget.Release();
        }

        return outcome;
    }
}

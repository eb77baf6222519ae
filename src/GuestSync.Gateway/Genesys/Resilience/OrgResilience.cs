using Polly;
using Polly.CircuitBreaker;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>One organization's pipeline and the state it shares across all of that organization's requests.</summary>
internal sealed class OrgResilience
{
    public OrgResilience(string org, GenesysResilienceOptions options, ResiliencePipeline<HttpResponseMessage> pipeline, CoolDownGate gate, RateBudget budget, CircuitBreakerStateProvider breaker)
    {
        Budget = budget;
        Org = org;
        Options = options;
        Pipeline = pipeline;
        Gate = gate;
        Breaker = breaker;
    }

    public string Org { get; }

    public GenesysResilienceOptions Options { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public CoolDownGate Gate { get; }

    /// <summary>The rate-limit window Genesys reports; kept across a pipeline rebuilt on reload, like the gate.</summary>
    public RateBudget Budget { get; }

    public CircuitBreakerStateProvider Breaker { get; }

    /// <summary>
    /// Where each send's budget (<see cref="GenesysResilienceOptions.TotalBudget"/>) and each attempt's timeout
    /// (<see cref="GenesysResilienceOptions.AttemptTimeout"/>) take their cancellation sources.
    /// </summary>
    public required TimeoutSourcePool TimeoutSources { get; init; }

    /// <summary>
    /// Why nothing should be sent to the organization now, if the gateway already knows: a 429 cool-down in force, the
    /// rate-limit window Genesys reported spent, or an open breaker. Null when a send may go.
    /// </summary>
    public string? KnownUnavailable(DateTimeOffset now)
    {
        if (Gate.RemainingAt(now) > TimeSpan.Zero)
        {
            return "cool-down";
        }

        if (Budget.WaitAt(now) > TimeSpan.Zero)
        {
            return "rate-window";
        }

        return Breaker.CircuitState is CircuitState.Open or CircuitState.Isolated ? "breaker-open" : null;
    }
}

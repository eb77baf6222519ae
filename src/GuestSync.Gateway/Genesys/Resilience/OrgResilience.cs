using Polly;
using Polly.CircuitBreaker;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>One organization's pipeline and the state it shares across all of that organization's requests.</summary>
internal sealed class OrgResilience
{
    public OrgResilience(string org, GenesysResilienceOptions options, ResiliencePipeline<HttpResponseMessage> pipeline, CoolDownGate gate, CircuitBreakerStateProvider breaker)
    {
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

    public CircuitBreakerStateProvider Breaker { get; }
}

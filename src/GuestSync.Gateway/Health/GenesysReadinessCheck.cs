using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Genesys.Tokens;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace GuestSync.Gateway.Health;

/// <summary>
/// <c>/readyz</c>: per organization, whether a token can be had and whether the circuit is closed.
/// Reports states only, never a token, secret or host credential.
/// </summary>
internal sealed class GenesysReadinessCheck : IHealthCheck
{
    public const string Tag = "ready";

    private readonly GenesysTokenProvider _tokens;
    private readonly GenesysResilienceRegistry _resilience;

    public GenesysReadinessCheck(GenesysTokenProvider tokens, GenesysResilienceRegistry resilience)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var status = HealthStatus.Healthy;
        foreach (var cache in _tokens.Active)
        {
            var token = cache.HasValidToken ? "valid" : cache.LastFetchFailed ? "unavailable" : "none";
            data[$"{cache.Org.Name}.token"] = token;
            if (token == "unavailable")
            {
                status = HealthStatus.Unhealthy;
            }
        }

        foreach (var org in _resilience.Active)
        {
            var state = org.Breaker.CircuitState;
            data[$"{org.Org}.breaker"] = state.ToString().ToLowerInvariant();
            if (state is CircuitState.Open or CircuitState.Isolated)
            {
                status = HealthStatus.Unhealthy;
            }
            else if (state == CircuitState.HalfOpen && status == HealthStatus.Healthy)
            {
                status = HealthStatus.Degraded;
            }
        }

        var description = status == HealthStatus.Healthy ? "Genesys organizations reachable" : "A Genesys organization is not usable right now";
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}

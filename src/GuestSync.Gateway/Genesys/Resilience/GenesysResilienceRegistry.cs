using System.Collections.Concurrent;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Each organization's pipeline, built on first use and shared by every route to it. When a reload changes the
/// organization's <c>Resilience</c> settings, the next request builds a new pipeline with them; the 429 cool-down
/// carries over (it is Genesys's word, not a setting), the breaker starts closed.
/// </summary>
internal sealed class GenesysResilienceRegistry
{
    private readonly ConcurrentDictionary<string, OrgResilience> _orgs = new(StringComparer.OrdinalIgnoreCase);
    private readonly GenesysOrgRegistry _orgRegistry;
    private readonly GenesysResiliencePipelineFactory _factory;
    private readonly Lock _buildLock = new();

    public GenesysResilienceRegistry(GenesysOrgRegistry orgRegistry, GenesysResiliencePipelineFactory factory)
    {
        _orgRegistry = orgRegistry ?? throw new ArgumentNullException(nameof(orgRegistry));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    public OrgResilience For(string org)
    {
        var options = _orgRegistry.TryGet(org, out var resolved) ? resolved.Options.Resilience : new GenesysResilienceOptions();
        if (_orgs.TryGetValue(org, out var current) && current.Options == options)
        {
            return current;
        }

        lock (_buildLock)
        {
            if (_orgs.TryGetValue(org, out current) && current.Options == options)
            {
                return current;
            }

            var built = _factory.Create(org, options, current?.Gate ?? new CoolDownGate(), current?.Budget ?? new RateBudget());
            _orgs[org] = built;
            return built;
        }
    }

    /// <summary>The organizations that have sent anything so far.</summary>
    public IEnumerable<OrgResilience> Active => _orgs.Values;
}

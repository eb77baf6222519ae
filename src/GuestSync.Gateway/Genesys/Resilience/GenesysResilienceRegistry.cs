using System.Collections.Concurrent;
using GuestSync.Gateway.Genesys;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>Each organization's pipeline, built on first use and shared by every route to it.</summary>
internal sealed class GenesysResilienceRegistry
{
    private readonly ConcurrentDictionary<string, Lazy<OrgResilience>> _orgs = new(StringComparer.OrdinalIgnoreCase);
    private readonly GenesysOrgRegistry _orgRegistry;
    private readonly GenesysResiliencePipelineFactory _factory;

    public GenesysResilienceRegistry(GenesysOrgRegistry orgRegistry, GenesysResiliencePipelineFactory factory)
    {
        _orgRegistry = orgRegistry ?? throw new ArgumentNullException(nameof(orgRegistry));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    public OrgResilience For(string org) => _orgs.GetOrAdd(org, name => new Lazy<OrgResilience>(() =>
        _factory.Create(name, _orgRegistry.TryGet(name, out var resolved) ? resolved.Options.Resilience : new GenesysResilienceOptions()))).Value;

    /// <summary>The organizations that have sent anything so far.</summary>
    public IEnumerable<OrgResilience> Active => _orgs.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value);
}

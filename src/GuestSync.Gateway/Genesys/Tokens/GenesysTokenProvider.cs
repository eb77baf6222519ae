using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.Options;
using System.Collections.Concurrent;


namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>The token caches of all organizations; a changed client id, secret or login host starts a new cache.</summary>
internal sealed class GenesysTokenProvider
{
    private readonly ConcurrentDictionary<string, AccessTokenCache> _caches = new(StringComparer.OrdinalIgnoreCase);
    private readonly GenesysOrgRegistry _orgs;
    private readonly GenesysTokenClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly CancellationToken _stopping;
    private readonly FleetTokenBinding? _fleet;

    public GenesysTokenProvider(
        GenesysOrgRegistry orgs,
        GenesysTokenClient client,
        TimeProvider timeProvider,
        GatewayMetrics metrics,
        IHostApplicationLifetime lifetime,
        IFleetTokenStore? fleetTokens = null,
        FleetStoreHealth? fleetHealth = null,
        IOptions<FleetOptions>? fleetOptions = null)
    {
        if (fleetTokens is not null && fleetHealth is not null)
        {
            _fleet = new FleetTokenBinding(fleetTokens, fleetHealth, fleetOptions?.Value.StoreTimeout ?? new FleetOptions().StoreTimeout);
        }

        ArgumentNullException.ThrowIfNull(lifetime);
        _stopping = lifetime.ApplicationStopping;
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _orgs = orgs ?? throw new ArgumentNullException(nameof(orgs));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The cache for organization <paramref name="orgName"/>, or null when no such organization is configured.</summary>
    public AccessTokenCache? For(string orgName)
    {
        if (!_orgs.TryGet(orgName, out var org))
        {
            return null;
        }

        var cache = _caches.GetOrAdd(orgName, static (_, state) => new AccessTokenCache(state.org, state.self._client, state.self._timeProvider, state.self._metrics, state.self._stopping, state.self._fleet), (org, self: this));
        if (!ReferenceEquals(cache.Org, org) && !cache.Org.HasSameCredentials(org))
        {
            var fresh = new AccessTokenCache(org, _client, _timeProvider, _metrics, _stopping, _fleet);
            cache = _caches.TryUpdate(orgName, fresh, cache) ? fresh : _caches[orgName];
        }

        return cache;
    }

    /// <summary>The caches of organizations that have asked for a token so far.</summary>
    public IEnumerable<AccessTokenCache> Active => _caches.Values;
}

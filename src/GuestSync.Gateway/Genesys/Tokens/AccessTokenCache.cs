using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Hosting;

namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>
/// One organization's token: cached until its refresh time, fetched by <b>one</b> request however many
/// callers wait, never caching a failure. While the token endpoint fails, a token that has not expired
/// yet keeps being used, and the endpoint is asked again only after a back-off. In a fleet
/// (<see cref="FleetTokenBinding"/>) the fetch goes through <see cref="IFleetTokenStore"/>: one replica asks Genesys, the
/// others read the sealed token it stored, and a 401 drops the fleet's token once (compare-and-invalidate by version).
/// While the database is unreachable the cache keeps its token and, when it has none, fetches one on its own.
/// </summary>
internal sealed class AccessTokenCache
{
    private readonly Lock _gate = new();
    private readonly GenesysOrg _org;
    private readonly GenesysTokenClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly FleetTokenBinding? _fleet;
    private FleetTokenKey? _fleetKey;
    private AccessToken? _current;
    private long? _currentVersion;
    private bool _lastFetchFailed;
    private Task<AccessToken>? _inFlight;
    private DateTimeOffset _nextAttemptAt = DateTimeOffset.MinValue;

    private readonly CancellationToken _stopping;

    public AccessTokenCache(GenesysOrg org, GenesysTokenClient client, TimeProvider timeProvider, GatewayMetrics metrics, CancellationToken stopping = default, FleetTokenBinding? fleet = null)
    {
        _stopping = stopping;
        _fleet = fleet;
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _org = org ?? throw new ArgumentNullException(nameof(org));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public GenesysOrg Org => _org;

    /// <summary>True when a token is held that has not expired.</summary>
    public bool HasValidToken => _current is { } token && _timeProvider.GetUtcNow() < token.ExpiresAt;

    /// <summary>True when the last token request failed (and none has succeeded since).</summary>
    public bool LastFetchFailed => Volatile.Read(ref _lastFetchFailed);

    public ValueTask<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        var token = _current;
        var now = _timeProvider.GetUtcNow();
        if (token is not null && now < token.RefreshAt)
        {
            return ValueTask.FromResult(token);
        }

        return new ValueTask<AccessToken>(GetSlowAsync(now, cancellationToken));
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still the current token (Genesys answered 401 to it); in a fleet,
    /// first drops the fleet's token if it is still that version, so a 401 seen by every replica renews once.</summary>
    /// <remarks>The fleet's row is dropped <b>before</b> the local token: a fetch started by another caller in between would
    /// otherwise read the rejected token back from the row, cache it again and hand it to this caller's replay.</remarks>
    public async ValueTask InvalidateAsync(AccessToken rejected, CancellationToken cancellationToken)
    {
        long? version;
        lock (_gate)
        {
            if (!ReferenceEquals(_current, rejected))
            {
                return;
            }

            version = _currentVersion;
        }

        if (_fleet is { } fleet && version is { } rejectedVersion)
        {
            await fleet.Health.TryValueAsync(ct => fleet.Store.InvalidateAsync(_org.Name, rejectedVersion, ct), fleet.StoreTimeout, cancellationToken);
        }

        lock (_gate)
        {
            if (ReferenceEquals(_current, rejected))
            {
                _current = null;
                _currentVersion = null;
                _nextAttemptAt = DateTimeOffset.MinValue;
            }
        }
    }

    private async Task<AccessToken> GetSlowAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        Task<AccessToken> fetch;
        AccessToken? stillValid;
        lock (_gate)
        {
            var current = _current;
            if (current is not null && now < current.RefreshAt)
            {
                return current;
            }

            stillValid = current is not null && now < current.ExpiresAt ? current : null;
            if (stillValid is not null && _inFlight is null && now < _nextAttemptAt)
            {
                return stillValid;
            }

            fetch = _inFlight ??= FetchAsync();
        }

        if (stillValid is not null)
        {
            // Refreshing early: callers keep the working token rather than wait for the new one.
            return fetch.IsCompletedSuccessfully ? fetch.Result : stillValid;
        }

        return await fetch.WaitAsync(cancellationToken);
    }

    private Task<AccessToken> FetchAsync()
    {
        // Run the request outside the lock and outside any caller's cancellation: it is shared. Only the
        // gateway's shutdown cancels it.
        return Task.Run(async () =>
        {
            try
            {
                var (token, version) = await FetchSharedOrOwnAsync();
                lock (_gate)
                {
                    _current = token;
                    _currentVersion = version;
                    _inFlight = null;
                    _lastFetchFailed = false;
                }

                return token;
            }
            catch (Exception)
            {
                lock (_gate)
                {
                    _inFlight = null;
                    _nextAttemptAt = _timeProvider.GetUtcNow() + _org.Options.TokenFailureBackoff;
                    _lastFetchFailed = true;
                }

                throw;
            }
        });
    }

    private async Task<(AccessToken Token, long? Version)> FetchSharedOrOwnAsync()
    {
        if (_fleet is { } fleet)
        {
            var scope = new FleetTokenScope(_org.Name, _fleetKey ??= FleetTokenKey.Derive(_org.ClientId, _org.ClientSecret), _org.Options.TokenFailureBackoff);
            var shared = await fleet.Health.TryAsync(
                ct => fleet.Store.GetOrFetchAsync(scope, RequestAsync, ct),
                _org.Options.TokenRequestTimeout + fleet.StoreTimeout,
                _stopping);
            if (shared is not null)
            {
                return (shared.Token, shared.Version);
            }

            // The database does not answer: this replica gets its own token rather than stop syncing.
        }

        return (await RequestAsync(_stopping), null);
    }

    private async Task<AccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        try
        {
            var token = await _client.RequestAsync(_org, cancellationToken);
            _metrics.TokenFetch(_org.Name, succeeded: true);
            return token;
        }
        catch (Exception)
        {
            _metrics.TokenFetch(_org.Name, succeeded: false);
            throw;
        }
    }
}

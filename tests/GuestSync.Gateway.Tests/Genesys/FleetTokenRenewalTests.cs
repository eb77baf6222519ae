using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Genesys;

/// <summary>A replica's token cache in a fleet: what a 401 renewal hands back while other callers ask for the token.</summary>
public sealed class FleetTokenRenewalTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CountingTokenEndpoint _endpoint = new();
    private readonly InMemoryFleetTokenStore _store = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task A_token_asked_for_while_a_401_drops_the_fleet_token_does_not_bring_the_rejected_token_back()
    {
        var cache = NewCache();
        var rejected = await cache.GetAsync(CancellationToken.None);
        var release = _store.HoldInvalidations();

        var invalidating = cache.InvalidateAsync(rejected, CancellationToken.None).AsTask();
        await _store.InvalidationStarted;
        var askedMeanwhile = await cache.GetAsync(CancellationToken.None);
        release.SetResult();
        await invalidating;
        var renewed = await cache.GetAsync(CancellationToken.None);

        Assert.Same(rejected, askedMeanwhile);
        Assert.NotEqual(rejected.Value, renewed.Value);
        Assert.Equal(2, _endpoint.TokensIssued);
    }

    [Fact]
    public async Task A_401_for_a_token_another_caller_already_renewed_keeps_the_renewed_token()
    {
        var cache = NewCache();
        var rejected = await cache.GetAsync(CancellationToken.None);
        await cache.InvalidateAsync(rejected, CancellationToken.None);
        var renewed = await cache.GetAsync(CancellationToken.None);

        await cache.InvalidateAsync(rejected, CancellationToken.None);

        Assert.Same(renewed, await cache.GetAsync(CancellationToken.None));
        Assert.Equal(2, _endpoint.TokensIssued);
    }

    private AccessTokenCache NewCache()
    {
        var options = new GenesysOrgOptions();
        var org = new GenesysOrg("acme", new Uri("http://127.0.0.1:1/"), new Uri("http://127.0.0.1:1/"), "client-1", "secret-1", options);
        var client = new GenesysTokenClient(new SingleClientFactory(_endpoint), _time, NullLogger<GenesysTokenClient>.Instance);
        var metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        var health = new FleetStoreHealth(_time, TimeSpan.FromSeconds(5), NullLogger<FleetStoreHealth>.Instance);
        return new AccessTokenCache(org, client, _time, metrics, fleet: new FleetTokenBinding(_store, health, TimeSpan.FromSeconds(5)));
    }

    /// <summary>The fleet's token row as <see cref="PostgresFleetTokenStore"/> keeps it: a token and its version.</summary>
    private sealed class InMemoryFleetTokenStore : IFleetTokenStore
    {
        private readonly SemaphoreSlim _row = new(1, 1);
        private readonly TaskCompletionSource _invalidationStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private FleetToken? _stored;
        private long _version;
        private Task _hold = Task.CompletedTask;

        public Task InvalidationStarted => _invalidationStarted.Task;

        public TaskCompletionSource HoldInvalidations()
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _hold = release.Task;
            return release;
        }

        public async Task<FleetToken> GetOrFetchAsync(FleetTokenScope scope, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken)
        {
            await _row.WaitAsync(cancellationToken);
            try
            {
                if (_stored is { } stored)
                {
                    return stored;
                }

                _stored = new FleetToken(await fetch(cancellationToken), ++_version);
                return _stored;
            }
            finally
            {
                _row.Release();
            }
        }

        public async Task<bool> InvalidateAsync(string org, long version, CancellationToken cancellationToken)
        {
            _invalidationStarted.TrySetResult();
            await _hold.WaitAsync(cancellationToken);
            await _row.WaitAsync(cancellationToken);
            try
            {
                if (_stored?.Version != version)
                {
                    return false;
                }

                _stored = null;
                _version++;
                return true;
            }
            finally
            {
                _row.Release();
            }
        }
    }

    /// <summary>A token endpoint that issues token-1, token-2, … for an hour each.</summary>
    private sealed class CountingTokenEndpoint : HttpMessageHandler
    {
        private int _issued;

        public int TokensIssued => Volatile.Read(ref _issued);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("/oauth/token", request.RequestUri!.AbsolutePath);
            var number = Interlocked.Increment(ref _issued);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"access_token":"token-{{number}}","token_type":"bearer","expires_in":3600}""", Encoding.UTF8, "application/json"),
            });
        }
    }

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}

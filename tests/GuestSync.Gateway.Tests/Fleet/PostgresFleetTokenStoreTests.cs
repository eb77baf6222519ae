using GuestSync.Gateway.Genesys;
using System.Text;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Tests.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Fleet;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFleetTokenStoreTests(PostgresClusterFixture cluster) : IAsyncLifetime
{
    private const string Org = "acme";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly FleetTokenScope _scope = new(Org, FleetTokenKey.Derive("client-1", "secret-of-client-1"), TimeSpan.FromSeconds(5));
    private PostgresTestDatabase _database = null!;
    private int _fetches;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(cluster);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_cold_fleet_of_three_replicas_under_60_concurrent_requests_fetches_one_token()
    {
        var replicas = Replicas(3);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            replicas[i % 3].GetOrFetchAsync(_scope, SlowFetchAsync, CancellationToken.None))));

        Assert.Equal(1, _fetches);
        Assert.Single(tokens.Select(t => (t.Token.Value, t.Version)).Distinct());
    }

    [Fact]
    public async Task The_token_is_stored_sealed_never_as_plain_text()
    {
        var token = await Replicas(1)[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        var stored = await _database.ScalarAsync<byte[]>("SELECT sealed FROM guestsync_fleet_tokens");
        Assert.NotNull(stored);
        Assert.DoesNotContain(token.Token.Value, Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.Null(FleetTokenKey.Derive("client-1", "another-secret").TryOpen(Org, stored, token.Token.RefreshAt, token.Token.ExpiresAt));
        Assert.Null(_scope.Key.TryOpen("another-org", stored, token.Token.RefreshAt, token.Token.ExpiresAt));
        Assert.Null(_scope.Key.TryOpen(Org, stored, token.Token.RefreshAt, token.Token.ExpiresAt + TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_replica_started_later_reads_the_fleet_token_without_fetching()
    {
        var first = await Replicas(1)[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        var later = await Replicas(1)[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        Assert.Equal(1, _fetches);
        Assert.Equal(first.Token.Value, later.Token.Value);
        Assert.Equal(first.Token.ExpiresAt, later.Token.ExpiresAt);
    }

    [Fact]
    public async Task A_401_seen_by_every_replica_drops_the_token_once_and_renews_once()
    {
        var replicas = Replicas(3);
        var rejected = await replicas[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        var dropped = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.InvalidateAsync(Org, rejected.Version, CancellationToken.None))));
        var renewed = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            replicas[i % 3].GetOrFetchAsync(_scope, SlowFetchAsync, CancellationToken.None))));

        Assert.Single(dropped, d => d);
        Assert.Equal(2, _fetches);
        Assert.All(renewed, t => Assert.NotEqual(rejected.Token.Value, t.Token.Value));
        Assert.Single(renewed.Select(t => t.Version).Distinct());
    }

    [Fact]
    public async Task A_late_401_for_a_token_already_renewed_drops_nothing()
    {
        var replicas = Replicas(2);
        var rejected = await replicas[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);
        Assert.True(await replicas[0].InvalidateAsync(Org, rejected.Version, CancellationToken.None));
        var renewed = await replicas[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        Assert.False(await replicas[1].InvalidateAsync(Org, rejected.Version, CancellationToken.None));

        var current = await replicas[1].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);
        Assert.Equal(renewed.Token.Value, current.Token.Value);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task While_one_replica_refreshes_the_others_keep_the_still_valid_token_without_waiting()
    {
        var replicas = Replicas(2);
        var old = await replicas[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);
        _time.Advance(Lifetime - Margin + TimeSpan.FromSeconds(1));
        var release = new TaskCompletionSource();
        var fetchStarted = new TaskCompletionSource();

        var refreshing = Task.Run(() => replicas[0].GetOrFetchAsync(
            _scope,
            async ct =>
            {
                fetchStarted.SetResult();
                await release.Task.WaitAsync(ct);
                return await FetchAsync(ct);
            },
            CancellationToken.None));
        await fetchStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var meanwhile = await replicas[1].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        var refreshed = await refreshing;
        var after = await replicas[1].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        Assert.Equal(old.Token.Value, meanwhile.Token.Value);
        Assert.Equal(refreshed.Token.Value, after.Token.Value);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task A_failed_fetch_stops_every_replica_from_asking_again_until_the_back_off_ends()
    {
        var replicas = Replicas(2);
        await Assert.ThrowsAsync<HttpRequestException>(() => replicas[0].GetOrFetchAsync(_scope, FailingFetchAsync, CancellationToken.None));

        var refused = await Assert.ThrowsAsync<GenesysUnavailableException>(() => replicas[1].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None));
        _time.Advance(_scope.FailureBackoff);
        var token = await replicas[1].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        Assert.Equal(_scope.FailureBackoff, refused.RetryAfter);
        Assert.Equal(2, _fetches);
        Assert.NotNull(token.Token.Value);
    }

    [Fact]
    public async Task A_rotated_client_secret_makes_the_fleet_fetch_a_new_token()
    {
        var replicas = Replicas(2);
        var old = await replicas[0].GetOrFetchAsync(_scope, FetchAsync, CancellationToken.None);

        var rotated = await replicas[1].GetOrFetchAsync(_scope with { Key = FleetTokenKey.Derive("client-1", "rotated-secret") }, FetchAsync, CancellationToken.None);

        Assert.NotEqual(old.Token.Value, rotated.Token.Value);
        Assert.Equal(2, _fetches);
    }

    private PostgresFleetTokenStore[] Replicas(int count) =>
        Enumerable.Range(0, count).Select(_ => new PostgresFleetTokenStore(_database.NewReplica(), _time)).ToArray();

    private Task<AccessToken> FetchAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _fetches);
        var now = _time.GetUtcNow();
        return Task.FromResult(new AccessToken($"token-{n}-{Guid.NewGuid():N}", now + Lifetime - Margin, now + Lifetime));
    }

    private async Task<AccessToken> SlowFetchAsync(CancellationToken cancellationToken)
    {
        // Long enough for every other caller to arrive while the fetch is in flight.
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        return await FetchAsync(cancellationToken);
    }

    private Task<AccessToken> FailingFetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        throw new HttpRequestException("token endpoint down");
    }
}

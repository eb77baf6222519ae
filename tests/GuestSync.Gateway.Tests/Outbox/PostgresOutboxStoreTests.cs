using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Postgres;
using GuestSync.Gateway.Tests.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>What only a shared store must do: several replicas on one database. The single-store contract is in
/// <see cref="PostgresOutboxStoreContractTests"/>.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboxStoreTests(PostgresClusterFixture cluster) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private PostgresTestDatabase _database = null!;
    private OutboxTestSubmissions _submissions = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(cluster);
        _submissions = new OutboxTestSubmissions(_time);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Thirty_edits_of_one_guest_through_three_replicas_at_once_end_as_one_item_holding_the_latest()
    {
        var replicas = await ReplicasAsync(3);
        var start = _time.GetUtcNow();
        var edits = Enumerable.Range(0, 30).Select(i => _submissions.For("guest-1", start.AddMilliseconds(i), ("name", $"value-{i}"))).ToArray();

        var results = await Task.WhenAll(edits.Reverse().Select((e, i) => Task.Run(() => replicas[i % 3].EnqueueAsync(e, default))));

        Assert.Single(results, r => !r.Merged);
        Assert.Equal(Enumerable.Range(1, 30).Select(v => (long)v), results.Select(r => r.Version).Order());
        var item = Assert.Single(await replicas[0].LeaseAsync(OutboxTestSubmissions.Org, "r0", 10, _time.GetUtcNow(), Lease, default));
        Assert.Equal(30, item.Version);
        Assert.Equal("value-29", OutboxBodies.Values(item.Request, _submissions.Keys)[0]);
    }

    [Fact]
    public async Task Three_replicas_leasing_at_once_never_share_an_item_and_together_take_all()
    {
        var replicas = await ReplicasAsync(3);
        for (var g = 0; g < 60; g++)
        {
            await replicas[g % 3].EnqueueAsync(_submissions.For($"guest-{g}", ("name", "x")), default);
        }

        var leased = await Task.WhenAll(replicas.Select((r, i) => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await r.LeaseAsync(OutboxTestSubmissions.Org, $"replica-{i}", 4, _time.GetUtcNow(), Lease, default) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(b => b.Id));
            }

            return mine;
        })));

        var all = leased.SelectMany(l => l).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Fact]
    public async Task Items_leased_by_a_replica_that_died_are_delivered_by_another_once_the_lease_ends()
    {
        var replicas = await ReplicasAsync(2);
        for (var g = 0; g < 5; g++)
        {
            await replicas[0].EnqueueAsync(_submissions.For($"guest-{g}", ("name", "x")), default);
        }

        var orphaned = await replicas[0].LeaseAsync(OutboxTestSubmissions.Org, "dead-replica", 10, _time.GetUtcNow(), Lease, default);
        Assert.Empty(await replicas[1].LeaseAsync(OutboxTestSubmissions.Org, "survivor", 10, _time.GetUtcNow(), Lease, default));
        _time.Advance(Lease);
        var taken = await replicas[1].LeaseAsync(OutboxTestSubmissions.Org, "survivor", 10, _time.GetUtcNow(), Lease, default);
        foreach (var item in taken)
        {
            await replicas[1].CompleteAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 200, null, null), default);
        }

        // The dead replica's late answer changes nothing: the items are gone, and nothing is released twice.
        await replicas[0].RetryLaterAsync(orphaned[0], new DeliveryAttempt(_time.GetUtcNow(), 503, null, null), _time.GetUtcNow(), default);
        Assert.Equal(orphaned.Select(i => i.Id).Order(), taken.Select(i => i.Id).Order());
        Assert.Equal(0, (await replicas[1].BacklogAsync(OutboxTestSubmissions.Org, _time.GetUtcNow(), default)).Depth);
    }

    [Fact]
    public async Task A_late_answer_from_a_replica_whose_lease_was_taken_over_leaves_the_new_lease_alone()
    {
        var replicas = await ReplicasAsync(2);
        await replicas[0].EnqueueAsync(_submissions.For("guest-1", ("name", "x")), default);
        var stale = Assert.Single(await replicas[0].LeaseAsync(OutboxTestSubmissions.Org, "slow", 1, _time.GetUtcNow(), Lease, default));
        _time.Advance(Lease);
        Assert.Single(await replicas[1].LeaseAsync(OutboxTestSubmissions.Org, "fast", 1, _time.GetUtcNow(), Lease, default));

        await replicas[0].RetryLaterAsync(stale, new DeliveryAttempt(_time.GetUtcNow(), 503, null, null), _time.GetUtcNow(), default);

        Assert.Empty(await replicas[0].LeaseAsync(OutboxTestSubmissions.Org, "third", 1, _time.GetUtcNow(), Lease, default));
    }

    [Fact]
    public async Task A_database_that_is_down_refuses_the_submission_as_unavailable_never_as_stored()
    {
        var store = new PostgresOutboxStore(
            PostgresDataSource.Create("Host=127.0.0.1;Port=1;Username=gateway;Timeout=3"), 1000, _time, NullLogger<PostgresOutboxStore>.Instance);

        var refused = await Assert.ThrowsAsync<OutboxUnavailableException>(() => store.EnqueueAsync(_submissions.For("guest-1", ("name", "x")), default));

        Assert.False(refused.IsFull);
    }

    [Fact]
    public async Task A_database_it_cannot_use_fails_the_start_naming_the_setting()
    {
        var store = new PostgresOutboxStore(
            PostgresDataSource.Create("Host=127.0.0.1;Port=1;Username=gateway;Password=hunter2-secret;Timeout=3"), 1000, _time, NullLogger<PostgresOutboxStore>.Instance);

        var failure = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.InitializeAsync(default));

        Assert.Contains("ConnectionStrings:GuestSync", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    private async Task<PostgresOutboxStore[]> ReplicasAsync(int count)
    {
        var replicas = Enumerable.Range(0, count)
            .Select(_ => new PostgresOutboxStore(_database.NewReplica(), 1000, _time, NullLogger<PostgresOutboxStore>.Instance))
            .ToArray();
        await Task.WhenAll(replicas.Select(r => r.InitializeAsync(default)));
        return replicas;
    }
}

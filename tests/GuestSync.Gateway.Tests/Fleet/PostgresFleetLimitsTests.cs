using System.Collections.Concurrent;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Tests.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Fleet;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFleetLimitsTests(PostgresClusterFixture cluster) : IAsyncLifetime
{
    private const string Org = "acme";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(cluster);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Greedy_replicas_together_never_exceed_the_budget_in_any_60_seconds_and_use_at_least_95_percent_of_it()
    {
        var policy = new FleetBudgetPolicy(RequestsPerMinute: 120);
        var replicas = Replicas(3);
        var granted = new List<DateTimeOffset>();
        var start = _time.GetUtcNow();

        // Three simulated minutes in 200 ms steps; at each step every replica takes permits until refused.
        for (var step = 0; step < 900; step++)
        {
            var taken = await Task.WhenAll(replicas.Select(r => Task.Run(() => TakeAllAsync(r, policy))));
            granted.AddRange(Enumerable.Repeat(_time.GetUtcNow(), taken.Sum()));
            _time.Advance(TimeSpan.FromMilliseconds(200));
        }

        var busiestMinute = granted.Select(t => granted.Count(u => u >= t && u < t + TimeSpan.FromMinutes(1))).Max();
        Assert.True(busiestMinute <= policy.RequestsPerMinute, $"{busiestMinute} sends in one minute, budget {policy.RequestsPerMinute}");
        var rate = granted.Count / (_time.GetUtcNow() - start).TotalMinutes / policy.RequestsPerMinute;
        Assert.True(rate >= 0.95, $"used {rate:P1} of the budget");
    }

    [Fact]
    public async Task Twenty_four_concurrent_callers_on_three_replicas_at_one_instant_get_exactly_the_burst()
    {
        var policy = new FleetBudgetPolicy(RequestsPerMinute: 300);
        var replicas = Replicas(3);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var granted = 0;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                granted += (await replicas[i % 3].TryAcquireAsync(Org, policy, 1, CancellationToken.None)).Granted ? 1 : 0;
            }

            return granted;
        })));

        Assert.Equal(policy.EffectiveBurst, decisions.Sum());
    }

    [Fact]
    public async Task A_refusal_says_when_the_next_permit_is_due_and_it_is_granted_then()
    {
        var policy = new FleetBudgetPolicy(RequestsPerMinute: 300);
        var budget = Replicas(1)[0];
        Assert.True((await budget.TryAcquireAsync(Org, policy, policy.EffectiveBurst, CancellationToken.None)).Granted);

        var refused = await budget.TryAcquireAsync(Org, policy, 1, CancellationToken.None);
        _time.Advance(refused.RetryAfter - TimeSpan.FromMilliseconds(1));
        var early = await budget.TryAcquireAsync(Org, policy, 1, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var onTime = await budget.TryAcquireAsync(Org, policy, 1, CancellationToken.None);

        Assert.False(refused.Granted);
        Assert.InRange(refused.RetryAfter, policy.EmissionInterval - TimeSpan.FromMilliseconds(1), policy.EmissionInterval);
        Assert.False(early.Granted);
        Assert.True(onTime.Granted);
    }

    [Fact]
    public async Task A_429_cool_down_set_by_one_replica_stops_the_other_two_until_it_ends()
    {
        var policy = new FleetBudgetPolicy(RequestsPerMinute: 300);
        var replicas = Replicas(3);
        var until = _time.GetUtcNow() + TimeSpan.FromSeconds(5);

        await replicas[0].PauseUntilAsync(Org, until, CancellationToken.None);
        var during = await Task.WhenAll(replicas[1..].Select(r => r.TryAcquireAsync(Org, policy, 1, CancellationToken.None)));
        var seen = await replicas[2].PausedUntilAsync(Org, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var after = await Task.WhenAll(replicas[1..].Select(r => r.TryAcquireAsync(Org, policy, 1, CancellationToken.None)));

        Assert.All(during, d => Assert.False(d.Granted));
        Assert.All(during, d => Assert.Equal(TimeSpan.FromSeconds(5), d.RetryAfter));
        Assert.All(during, d => Assert.Equal(until, d.PausedUntil));
        Assert.Equal(until, seen);
        Assert.All(after, d => Assert.True(d.Granted));
        Assert.Null(await replicas[2].PausedUntilAsync(Org, CancellationToken.None));
    }

    [Fact]
    public async Task A_shorter_retry_after_seen_later_never_shortens_the_cool_down()
    {
        var coolDown = Replicas(2);
        var longer = _time.GetUtcNow() + TimeSpan.FromSeconds(30);

        await coolDown[0].PauseUntilAsync(Org, longer, CancellationToken.None);
        await coolDown[1].PauseUntilAsync(Org, _time.GetUtcNow() + TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Equal(longer, await coolDown[1].PausedUntilAsync(Org, CancellationToken.None));
    }

    [Fact]
    public async Task Organizations_have_budgets_of_their_own()
    {
        var policy = new FleetBudgetPolicy(RequestsPerMinute: 300);
        var budget = Replicas(1)[0];
        await budget.TryAcquireAsync(Org, policy, policy.EffectiveBurst, CancellationToken.None);
        await budget.PauseUntilAsync(Org, _time.GetUtcNow() + TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True((await budget.TryAcquireAsync("other-org", policy, policy.EffectiveBurst, CancellationToken.None)).Granted);
    }

    private PostgresFleetLimits[] Replicas(int count) =>
        Enumerable.Range(0, count).Select(_ => new PostgresFleetLimits(_database.NewReplica(), _time)).ToArray();

    private static async Task<int> TakeAllAsync(PostgresFleetLimits replica, FleetBudgetPolicy policy)
    {
        var taken = 0;
        while ((await replica.TryAcquireAsync(Org, policy, 1, CancellationToken.None)).Granted)
        {
            taken++;
        }

        return taken;
    }
}

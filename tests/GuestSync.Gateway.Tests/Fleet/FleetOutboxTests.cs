using System.Net;
using System.Text.Json;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Postgres;

namespace GuestSync.Gateway.Tests.Fleet;

/// <summary>Three replicas sharing one outbox on one database, one emulator whose per-token limit is the budget.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FleetOutboxTests(PostgresClusterFixture cluster)
{
    private static readonly HttpStatusCode[] Accepted = [HttpStatusCode.OK, HttpStatusCode.Accepted];

    [Fact]
    public async Task A_backlog_accepted_by_three_replicas_is_delivered_at_the_one_budget_with_no_429()
    {
        const int budget = 120; // burst 4, then one permit every 60 s / 116 = 0.517 s, for the whole fleet
        const int posts = 40;
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget, settings: new Dictionary<string, string?> { ["Delivery:MaxWait"] = "00:00:01" });

        var answers = await Task.WhenAll(Enumerable.Range(0, posts).Select(async i =>
        {
            using var response = await fleet.PostAsync(i % 3, ProfileForms.Valid()).WaitAsync(TimeSpan.FromSeconds(30));
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Contains(status, Accepted));
        Assert.Contains(HttpStatusCode.Accepted, answers); // a backlog exists: the budget cannot take 40 at once
        await FleetReplicas.EventuallyAsync(() => fleet.Patches.Count(p => p.Status == 200) == posts, TimeSpan.FromSeconds(60), "the backlog delivered");
        Assert.DoesNotContain(fleet.Patches, p => p.Status == 429);
        var delivered = fleet.Patches.Where(p => p.Status == 200).Select(p => p.ReceivedAt).Order().ToList();
        var span = delivered[^1] - delivered[0];
        var interval = new FleetBudgetPolicy(budget).EmissionInterval;

        // Three replicas each pacing on their own would have sent all 40 within a second or two.
        Assert.True(span >= interval * (posts - 4 - 1) * 0.95, $"{posts} sends took {span}, faster than the fleet's budget allows");
        var rate = (posts - 4) / (span.TotalMinutes) / budget;
        Assert.True(rate is > 0.85 and <= 1.05, $"delivery rate {rate:0.000} of the budget");
    }

    [Fact]
    public async Task Items_leased_by_a_replica_that_stopped_without_draining_are_delivered_by_the_others_after_the_lease()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget: 6000, settings: new Dictionary<string, string?>
        {
            ["Genesys:Resilience:MaxAttempts"] = "1",
            ["Delivery:RetryBaseDelay"] = "00:00:01",
        });
        fleet.Emulator.Faults.FailNext("/api/v2/guests", 503, count: 10_000);
        var guests = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString()).ToList();
        for (var i = 0; i < guests.Count; i++)
        {
            using var response = await fleet.PostAsync(i % 3, ProfileForms.Valid(guests[i]));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // Replica 2 leases every item and dies mid-delivery: what its deliverer's lease leaves in the table, then it is gone.
        await database.ScalarAsync<int>(
            "UPDATE guestsync_outbox SET lease_owner = 'replica-2-killed', lease_until = now() + interval '4 seconds', next_attempt_at = now()");
        await fleet.StopAsync(2);
        fleet.Emulator.Faults.Reset();
        fleet.Emulator.ClearReceivedRequests();
        var leaseEnds = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(4);

        await FleetReplicas.EventuallyAsync(
            () => guests.All(g => fleet.Patches.Any(p => p.Status == 200 && p.Path.EndsWith(g, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30),
            "every item of the stopped replica delivered by the other two");
        Assert.All(fleet.Patches, p => Assert.True(p.ReceivedAt >= leaseEnds - TimeSpan.FromMilliseconds(500), "sent while the dead replica's lease still held it"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM guestsync_outbox"));
    }

    [Fact]
    public async Task Fifty_guests_edited_repeatedly_through_random_replicas_each_end_with_their_latest_value_and_no_older_value_overtakes()
    {
        const int guests = 50;
        const int edits = 4;
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget: 300, settings: new Dictionary<string, string?> { ["Delivery:MaxWait"] = "00:00:01" });
        fleet.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(50);
        var ids = Enumerable.Range(0, guests).Select(_ => Guid.NewGuid().ToString()).ToList();

        await Task.WhenAll(ids.Select(async id =>
        {
            for (var edit = 1; edit <= edits; edit++)
            {
                var fields = ProfileForms.Valid(id);
                fields["name"] = $"v{edit}";
                using var response = await fleet.PostAsync(Random.Shared.Next(3), fields).WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Contains(response.StatusCode, Accepted);
            }
        }));

        await FleetReplicas.EventuallyAsync(() => ids.All(id => fleet.NameOf(id) == $"v{edits}"), TimeSpan.FromSeconds(90), "every guest at its latest value");
        Assert.DoesNotContain(fleet.Patches, p => p.Status == 429);
        foreach (var id in ids)
        {
            var sent = fleet.Patches.Where(p => p.Status == 200 && p.Path.EndsWith(id, StringComparison.Ordinal)).OrderBy(p => p.ReceivedAt)
                .Select(p => int.Parse(NameIn(fleet, p.Body).AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sent.Order(), sent); // never an older value after a newer one
        }
    }

    [Fact]
    public async Task With_the_database_down_live_posts_still_sync_queue_worthy_posts_get_503_and_everything_recovers()
    {
        await using var own = await OwnPostgresCluster.StartAsync();
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(own.ConnectionString) { Timeout = 2 }.ConnectionString;
        await using var fleet = await FleetReplicas.StartAsync(connectionString, budget: 6000, settings: new Dictionary<string, string?>
        {
            ["Genesys:Resilience:MaxAttempts"] = "1",
            ["Delivery:RetryBaseDelay"] = "00:00:01",
        });
        for (var replica = 0; replica < 3; replica++)
        {
            using var warm = await fleet.PostAsync(replica, ProfileForms.Valid());
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await own.PauseAsync();
        for (var i = 0; i < 9; i++)
        {
            using var live = await fleet.PostAsync(i % 3, ProfileForms.Valid()).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        fleet.Emulator.Faults.FailNext("/api/v2/guests", 503, count: 3);
        for (var replica = 0; replica < 3; replica++)
        {
            using var queueWorthy = await fleet.PostAsync(replica, ProfileForms.Valid()).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, queueWorthy.StatusCode);
            Assert.NotNull(queueWorthy.Headers.RetryAfter);
            Assert.Equal("down", await StoreStateAsync(fleet, replica));
        }

        Assert.Equal(1, fleet.Emulator.TokensIssued);
        await own.ResumeAsync();
        for (var replica = 0; replica < 3; replica++)
        {
            var r = replica;
            await EventuallyAsync(async () => await StoreStateAsync(fleet, r) == "up", TimeSpan.FromSeconds(20), $"replica {r} sees the store again");
        }

        // Genesys fails until all three are queued (a retry must not meet a healed emulator within MaxWait), then heals.
        fleet.Emulator.Faults.FailNext("/api/v2/guests", 503, count: 10_000);
        var queued = new List<string>();
        for (var replica = 0; replica < 3; replica++)
        {
            var fields = ProfileForms.Valid();
            using var response = await fleet.PostAsync(replica, fields);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            queued.Add(fields["guestId"]);
        }

        fleet.Emulator.Faults.Reset();

        await FleetReplicas.EventuallyAsync(
            () => queued.All(g => fleet.Patches.Any(p => p.Status == 200 && p.Path.EndsWith(g, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30),
            "what was queued after the recovery is delivered");
    }

    private static string NameIn(FleetReplicas fleet, byte[] body)
    {
        using var patch = JsonDocument.Parse(body);
        var op = patch.RootElement.EnumerateArray().First(o => o.GetProperty("path").GetString() == "/name");
        return fleet.Keys.Decrypt(op.GetProperty("value").GetString()!);
    }

    private static async Task<string?> StoreStateAsync(FleetReplicas fleet, int replica)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayHost.OperatorKey);
        using var response = await fleet.Client(replica).SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("store", out var store) && store.TryGetProperty("store", out var state) ? state.GetString() : null;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var end = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > end)
            {
                Assert.Fail($"Not within {limit}: {what}");
            }

            await Task.Delay(200);
        }
    }
}

using System.Net;
using System.Text;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Postgres;

namespace GuestSync.Gateway.Tests.Fleet;

/// <summary>Three replicas on one database and one emulator whose per-token limit is the budget: the live path.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FleetLiveTests(PostgresClusterFixture cluster)
{
    private static readonly HttpStatusCode[] Accepted = [HttpStatusCode.OK, HttpStatusCode.Accepted];

    [Fact]
    public async Task A_cold_fleet_under_100_concurrent_posts_fetches_exactly_one_token()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget: 6000);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await fleet.PostAsync(i % 3, ProfileForms.Valid()).WaitAsync(TimeSpan.FromSeconds(60));
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Contains(status, Accepted));
        await FleetReplicas.EventuallyAsync(() => fleet.Patches.Count(p => p.Status == 200) == 100, TimeSpan.FromSeconds(30), "100 patches delivered");
        Assert.Equal(1, fleet.Emulator.TokensIssued);
        Assert.Single(fleet.Patches.Select(p => p.BearerToken).Distinct());
        Assert.DoesNotContain(fleet.Patches, p => p.Status == 429);
    }

    [Fact]
    public async Task The_shared_token_is_sealed_at_rest_and_never_logged()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget: 6000);

        using (var response = await fleet.PostAsync(0, ProfileForms.Valid()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var token = Assert.Single(fleet.Patches).BearerToken!;
        var stored = await database.ScalarAsync<byte[]>("SELECT sealed FROM guestsync_fleet_tokens");
        Assert.NotNull(stored);
        Assert.DoesNotContain(token, Encoding.Latin1.GetString(stored!), StringComparison.Ordinal);
        Assert.DoesNotContain(fleet.LogLines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_401_seen_by_every_replica_renews_the_token_once_for_the_fleet()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget: 6000);
        for (var replica = 0; replica < 3; replica++)
        {
            using var warm = await fleet.PostAsync(replica, ProfileForms.Valid());
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        Assert.Equal(1, fleet.Emulator.TokensIssued);
        fleet.Emulator.RevokeAllTokens();

        var guests = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid().ToString()).ToList();
        var answers = await Task.WhenAll(guests.Select(async (guest, i) =>
        {
            using var response = await fleet.PostAsync(i % 3, ProfileForms.Valid(guest)).WaitAsync(TimeSpan.FromSeconds(60));
            return response.StatusCode;
        }));

        // No post saw Genesys refuse the renewed token (each renews at most once, and the fleet renews once). A post
        // may still be queued for a reason of its own (a full-speed burst of 30 waits on the fleet's pace), and then
        // it must be delivered; the failure message says what each non-synced post ended as.
        var notSynced = string.Join(" | ", fleet.LogLines.Where(line => line.StartsWith("Submission ", StringComparison.Ordinal) && !line.StartsWith("Submission synced", StringComparison.Ordinal)));
        Assert.DoesNotContain(fleet.LogLines, line => line.Contains("refused the gateway's credentials", StringComparison.Ordinal) || line.Contains("credentials were refused", StringComparison.Ordinal));
        Assert.True(answers.All(status => status is HttpStatusCode.OK or HttpStatusCode.Accepted), "every post accepted; the others ended as: " + notSynced);
        await FleetReplicas.EventuallyAsync(() => guests.All(guest => fleet.NameOf(guest) == ProfileForms.Name), TimeSpan.FromSeconds(30), "every post delivered");
        Assert.True(answers.Count(status => status == HttpStatusCode.OK) >= 25, "at most a few posts queued; the others ended as: " + notSynced);
        Assert.Equal(2, fleet.Emulator.TokensIssued);
    }

    [Fact]
    public async Task A_429_seen_by_one_replica_pauses_the_other_two_until_its_Retry_After_ends()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        await using var fleet = await FleetReplicas.StartAsync(database.ConnectionString, budget: 6000);
        for (var replica = 0; replica < 3; replica++)
        {
            using var warm = await fleet.PostAsync(replica, ProfileForms.Valid());
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        fleet.Emulator.Faults.FailNext("/api/v2/guests", 429, count: 1, retryAfter: "3");
        var limited = fleet.PostAsync(0, ProfileForms.Valid());
        await FleetReplicas.EventuallyAsync(() => fleet.Patches.Any(p => p.Status == 429), TimeSpan.FromSeconds(10), "the injected 429");
        var seenAt = fleet.Patches.Single(p => p.Status == 429).ReceivedAt;
        await Task.Delay(200); // the replica that saw it has published the pause by now (it does so before it retries)

        var others = Enumerable.Range(0, 20).Select(i => fleet.PostAsync(1 + (i % 2), ProfileForms.Valid())).ToList();
        var statuses = new List<HttpStatusCode>();
        foreach (var post in others.Append(limited))
        {
            using var response = await post.WaitAsync(TimeSpan.FromSeconds(60));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Contains(status, Accepted));
        await FleetReplicas.EventuallyAsync(() => fleet.Patches.Count(p => p.Status == 200) == 24, TimeSpan.FromSeconds(30), "every post delivered after the pause");
        var sentDuringPause = fleet.Patches.Where(p => p.ReceivedAt > seenAt && p.ReceivedAt < seenAt + TimeSpan.FromSeconds(3)).ToList();
        Assert.Empty(sentDuringPause);
        Assert.Single(fleet.Patches, p => p.Status == 429);
    }

    [Fact]
    public async Task A_database_the_gateway_cannot_use_fails_the_start_naming_the_setting_without_the_password()
    {
        await using var host = await GatewayHost.StartAsync();

        var messages = await StartFailure.MessagesAsync(() => host.NewFactory(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:GuestSync"] = "Host=127.0.0.1;Port=1;Username=gateway;Password=hunter2-secret;Timeout=3",
        }));

        Assert.Contains("ConnectionStrings:GuestSync", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", messages, StringComparison.Ordinal);
    }
}

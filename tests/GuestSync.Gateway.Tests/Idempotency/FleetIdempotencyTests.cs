using System.Net;
using GuestSync.Gateway.Idempotency;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>Two gateway replicas on one PostgreSQL database: a repeat that reaches the other replica is recognised.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FleetIdempotencyTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task A_repeat_sent_to_another_replica_is_replayed_and_sends_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster, migrate: false);
        await using var host = await GatewayHost.StartAsync();
        var fleet = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:GuestSync"] = database.ConnectionString,
            ["Idempotency:FingerprintKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray()),
        };
        await using var replicaA = host.NewFactory(fleet);
        await using var replicaB = host.NewFactory(fleet);
        using var a = replicaA.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var b = replicaB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var fields = ProfileForms.Valid();

        using var first = await a.PostWithHeaderAsync(fields, "fleet-key");
        using var repeat = await b.PostWithHeaderAsync(fields, "fleet-key");
        using var changed = await b.PostWithHeaderAsync(new Dictionary<string, string>(fields) { ["email"] = "else@example.org" }, "fleet-key");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(repeat.IsReplayed());
        Assert.Equal(await first.AnswerAsync(), await repeat.AnswerAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Single(host.Patches());
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM guestsync_idempotency WHERE completed"));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_from_two_replicas_have_one_winner()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(cluster);
        var replicas = new[] { new PostgresIdempotencyStore(database.NewReplica()), new PostgresIdempotencyStore(database.NewReplica()) };
        var scope = new IdempotencyScope([.. Enumerable.Repeat((byte)1, 32)], [.. Enumerable.Repeat((byte)2, 32)]);
        var now = DateTimeOffset.UtcNow;

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            replicas[i % 2].ClaimAsync(scope, Guid.NewGuid(), now, now.AddMinutes(1), CancellationToken.None)));

        Assert.Single(claims, c => c.Status == IdempotencyClaimStatus.Claimed);
        Assert.Equal(19, claims.Count(c => c.Status == IdempotencyClaimStatus.InProgress));
    }
}

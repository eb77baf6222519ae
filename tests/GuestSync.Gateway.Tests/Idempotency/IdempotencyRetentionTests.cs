using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>How long a key's answer is kept, and the background sweep, on the gateway's fake clock.</summary>
public sealed class IdempotencyRetentionTests
{
    [Fact]
    public async Task A_key_is_replayed_until_the_retention_ends_and_processed_again_after_it()
    {
        var (host, time) = await FakeTimeGateway.StartAsync(new Dictionary<string, string?> { ["Idempotency:Retention"] = "01:00:00" });
        await using var _ = host;
        var fields = ProfileForms.Valid();
        using var first = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "kept-for-an-hour"));

        time.Advance(TimeSpan.FromMinutes(59));
        using var within = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "kept-for-an-hour"));
        time.Advance(TimeSpan.FromMinutes(1));
        using var after = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "kept-for-an-hour"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(within.IsReplayed());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.False(after.IsReplayed());
        Assert.Equal(2, host.Patches().Count);
    }

    [Fact]
    public async Task The_default_retention_is_24_hours()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        var fields = ProfileForms.Valid();
        using var first = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "a-day"));

        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        using var within = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "a-day"));
        time.Advance(TimeSpan.FromSeconds(1));
        using var after = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "a-day"));

        Assert.True(within.IsReplayed());
        Assert.False(after.IsReplayed());
        Assert.Equal(2, host.Patches().Count);
    }

    [Fact]
    public async Task Expired_keys_are_swept_in_the_background_and_live_ones_stay()
    {
        var (host, time) = await FakeTimeGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Idempotency:Retention"] = "01:00:00",
            ["Idempotency:SweepInterval"] = "00:10:00",
        });
        await using var _ = host;
        using (await time.DriveAsync(host.Client.PostWithHeaderAsync(ProfileForms.Valid(), "old")))
        {
        }

        time.Advance(TimeSpan.FromMinutes(55));
        using (await time.DriveAsync(host.Client.PostWithHeaderAsync(ProfileForms.Valid(), "young")))
        {
        }

        Assert.Equal(2L, Count(host));
        time.Advance(TimeSpan.FromMinutes(10)); // a sweep tick at 60 or 70 minutes: "old" expired at 60
        await FakeTimeGateway.WaitForAsync(() => Count(host) == 1);

        Assert.Equal(1L, Count(host));
    }

    [Fact]
    public async Task A_claim_whose_request_died_frees_its_key_when_the_lease_ends()
    {
        var (host, time) = await FakeTimeGateway.StartAsync(new Dictionary<string, string?> { ["Idempotency:Lease"] = "00:00:30" });
        await using var _ = host;
        var fields = ProfileForms.Valid();
        // What a crashed replica leaves behind: a running claim for this key, never completed.
        using (var first = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "orphan")))
        {
        }

        Execute(host, "UPDATE idempotency_keys SET completed = 0, status = NULL, body = NULL, expires_at = " + (FakeTimeDriver.Start + TimeSpan.FromSeconds(30)).UtcTicks);
        host.Emulator.ClearReceivedRequests();

        using var blocked = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "orphan"));
        time.Advance(TimeSpan.FromSeconds(31));
        using var taken = await time.DriveAsync(host.Client.PostWithHeaderAsync(fields, "orphan"));

        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.False(taken.IsReplayed());
        Assert.Single(host.Patches());
    }

    private static long Count(GatewayHost host)
    {
        using var connection = new SqliteConnection($"Data Source={host.StoreFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM idempotency_keys";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(GatewayHost host, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={host.StoreFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

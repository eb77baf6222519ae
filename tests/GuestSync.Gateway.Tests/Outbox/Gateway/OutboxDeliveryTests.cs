using System.Net;
using System.Text;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;
using static GuestSync.Gateway.Tests.Outbox.Gateway.OutboxGateway;

namespace GuestSync.Gateway.Tests.Outbox.Gateway;

/// <summary>Issue 12 end to end: the real gateway, the emulator's faults, one fake clock.</summary>
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task Outage_is_answered_202_within_max_wait_then_delivered_after_recovery_with_the_same_bytes()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var guest = Guid.NewGuid().ToString();

        // Fake time goes exactly to MaxWait and no further: the answer must come without more of it. It starts moving
        // once the first attempt has reached Genesys, so a slow machine cannot spend the wait before anything was sent.
        var pending = host.Client.PostAsync(guest);
        var firstSent = Task.Run(async () =>
        {
            while (host.PatchesOf(guest).Count == 0)
            {
                await Task.Delay(5);
            }
        });
        await firstSent.WaitAsync(TimeSpan.FromSeconds(30));
        while (time.GetUtcNow() < FakeTimeDriver.Start + TimeSpan.FromSeconds(3) && !pending.IsCompleted)
        {
            await Task.Delay(3);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        await AssertQueuedAsync(response, guest);
        Assert.Equal(FakeTimeDriver.Start + TimeSpan.FromSeconds(3), time.GetUtcNow());
        var failed = host.PatchesOf(guest);
        Assert.NotEmpty(failed);
        // Every send was answered 503, except one MaxWait cut off before its answer (recorded as unanswered, status 0).
        Assert.All(failed, p => Assert.Contains(p.Status, new[] { 503, 0 }));
        Assert.Contains(failed, p => p.Status == 503);

        host.Emulator.Faults.Reset();
        await time.DriveUntilAsync(() => host.PatchesOf(guest).Any(p => p.Status == 200), limit: TimeSpan.FromMinutes(10));

        var delivered = host.PatchesOf(guest).Single(p => p.Status == 200);
        Assert.Equal(failed.First(p => p.Status == 503).Body, delivered.Body);
        Assert.Equal(ProfileForms.Name, host.StoredName(guest));
        await time.DriveUntilAsync(() => host.Store().BacklogAsync("default", time.GetUtcNow(), default).Result.Depth == 0);
    }

    [Fact]
    public async Task Five_edits_of_one_guest_during_an_outage_end_as_the_last_one_with_at_most_two_sends()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var guest = Guid.NewGuid().ToString();

        // The first edit is sent live (and fails until MaxWait); the next four join the outbox while it is in flight.
        var first = host.Client.PostAsync(guest, "Edit 1");
        await FakeTimeGateway.WaitForAsync(() => host.PatchesOf(guest).Count > 0);
        for (var edit = 2; edit <= 5; edit++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            using var queued = await host.Client.PostAsync(guest, $"Edit {edit}");
            await AssertQueuedAsync(queued, guest);
        }

        using (var answered = await time.DriveAsync(first))
        {
            await AssertQueuedAsync(answered, guest);
        }

        var duringOutage = host.PatchesOf(guest).Count;
        host.Emulator.Faults.Reset();
        await time.DriveUntilAsync(() => host.StoredName(guest) == "Edit 5", limit: TimeSpan.FromMinutes(10));
        await time.DriveUntilAsync(() => host.Store().HasPendingAsync("default", $"{Guests}/{guest}", default).AsTask().Result == false);

        Assert.InRange(host.PatchesOf(guest).Count - duringOutage, 1, 2);
        Assert.Equal("Edit 5", host.StoredName(guest));
    }

    [Fact]
    public async Task A_429_during_a_backlog_sends_nothing_before_its_retry_after_ends_and_then_delivers_everything()
    {
        // One send at a time: with more, a send already in flight when the 429 arrives can land after it (it was not
        // sent into a known limit, but the emulator's clock cannot tell the two apart).
        var (host, time) = await StartAsync(new Dictionary<string, string?> { ["Delivery:Concurrency"] = "1" });
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var guests = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var guest in guests)
        {
            using var response = await time.DriveAsync(host.Client.PostAsync(guest));
            await AssertQueuedAsync(response, guest);
        }

        Assert.Empty(host.Patches());
        host.Emulator.Faults.TokenEndpointDown = false;
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: "30");
        await time.DriveUntilAsync(() => host.Patches().Any(p => p.Status == 429), limit: TimeSpan.FromMinutes(5));
        var limited = host.Patches().Single(p => p.Status == 429);

        await time.DriveUntilAsync(() => guests.All(g => host.PatchesOf(g).Any(p => p.Status == 200)), limit: TimeSpan.FromMinutes(5));

        var after = host.Patches().Where(p => p.ReceivedAt > limited.ReceivedAt).ToList();
        Assert.All(after, p => Assert.True(p.ReceivedAt >= limited.ReceivedAt + TimeSpan.FromSeconds(30), $"sent at {p.ReceivedAt:O}, 429 at {limited.ReceivedAt:O}"));
        Assert.Single(host.Patches(), p => p.Status == 429);
    }

    [Fact]
    public async Task A_genesys_limit_lower_than_configured_costs_at_most_one_429_while_a_backlog_drains()
    {
        var (host, time) = await StartAsync(
            // The configured ceiling (the throttle) stays far above what Genesys allows; only Genesys's headers can pace.
            // (The throttle's window replenishes on real time, not the fake clock, so it must not bind here.)
            new Dictionary<string, string?> { ["Genesys:Resilience:RequestsPerMinute"] = "600" },
            emulator => emulator.RateLimitPerMinute = 15);
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var guests = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var guest in guests)
        {
            using var response = await time.DriveAsync(host.Client.PostAsync(guest));
            await AssertQueuedAsync(response, guest);
        }

        host.Emulator.Faults.TokenEndpointDown = false;
        await time.DriveUntilAsync(() => guests.All(g => host.PatchesOf(g).Any(p => p.Status == 200)), limit: TimeSpan.FromMinutes(10));

        Assert.InRange(host.Patches().Count(p => p.Status == 429), 0, 1);
    }

    [Fact]
    public async Task A_known_cool_down_queues_at_once_without_sending()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: "120");
        using (var limited = await time.DriveAsync(host.Client.PostAsync(Guid.NewGuid().ToString())))
        {
            Assert.Equal(HttpStatusCode.Accepted, limited.StatusCode);
        }

        var sent = host.Patches().Count;
        var before = time.GetUtcNow();
        var guest = Guid.NewGuid().ToString();
        using var response = await host.Client.PostAsync(guest);

        await AssertQueuedAsync(response, guest);
        Assert.Equal(before, time.GetUtcNow());
        Assert.Equal(sent, host.Patches().Count);
    }

    [Fact]
    public async Task A_permanent_422_is_answered_as_today_and_not_queued()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 422);
        var guest = Guid.NewGuid().ToString();

        using var response = await time.DriveAsync(host.Client.PostAsync(guest));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(await host.Store().HasPendingAsync("default", $"{Guests}/{guest}", default));
        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(50);
        Assert.Single(host.PatchesOf(guest));
    }

    [Fact]
    public async Task A_404_for_a_queued_item_and_an_item_past_max_age_become_dead_letters_with_reason_and_correlation_id()
    {
        var (host, time) = await StartAsync(
            new Dictionary<string, string?> { ["Delivery:MaxAge"] = "00:10:00" },
            emulator => emulator.CreateGuestsOnFirstWrite = false);
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var unknown = Guid.NewGuid().ToString();
        using (var queued = await time.DriveAsync(host.Client.PostAsync(unknown)))
        {
            await AssertQueuedAsync(queued, unknown);
        }

        host.Emulator.Faults.TokenEndpointDown = false;
        await time.DriveUntilAsync(() => host.Store().DeadLettersAsync(10, default).Result.Count == 1, step: TimeSpan.FromSeconds(1));
        var notFound = Assert.Single(await host.Store().DeadLettersAsync(10, default));
        Assert.Equal((OutboxReasons.Status(404), 404), (notFound.Reason, notFound.LastStatus));
        Assert.False(string.IsNullOrEmpty(notFound.LastGenesysCorrelationId));

        // A guest that Genesys never takes (it keeps answering 503) expires after Delivery:MaxAge.
        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var stuck = Guid.NewGuid().ToString();
        using (var queued = await time.DriveAsync(host.Client.PostAsync(stuck)))
        {
            await AssertQueuedAsync(queued, stuck);
        }

        await time.DriveUntilAsync(() => host.Store().DeadLettersAsync(10, default).Result.Count == 2, step: TimeSpan.FromSeconds(5), limit: TimeSpan.FromMinutes(20));
        var expired = (await host.Store().DeadLettersAsync(10, default))[1];
        Assert.Equal(OutboxReasons.Expired, expired.Reason);
        Assert.Equal(stuck, expired.GuestId);
        Assert.False(await host.Store().HasPendingAsync("default", $"{Guests}/{stuck}", default));
    }

    [Fact]
    public async Task The_store_files_hold_no_submitted_value()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var guest = Guid.NewGuid().ToString();
        var form = Form(guest, "Zebediah Quartermaine");
        form["email"] = "zq.marker@example.net";
        form["phone"] = "+447700900123";
        using (var response = await time.DriveAsync(host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(form))))
        {
            await AssertQueuedAsync(response, guest);
        }

        var files = Directory.GetFiles(host.Factory.DataFolder);
        Assert.Contains(files, f => f.EndsWith("guestsync.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("guestsync.db-wal", StringComparison.Ordinal));
        var raw = files.SelectMany(ReadShared).ToArray();
        Assert.True(Contains(raw, Encoding.UTF8.GetBytes(guest)), "the guest id is stored: the reader sees the rows");
        foreach (var value in new[] { "Zebediah", "Quartermaine", "zq.marker", "example.net", "7700900123" })
        {
            Assert.False(Contains(raw, Encoding.UTF8.GetBytes(value)), $"'{value}' found in the store files (UTF-8)");
            Assert.False(Contains(raw, Encoding.Unicode.GetBytes(value)), $"'{value}' found in the store files (UTF-16)");
        }
    }

    [Fact]
    public async Task A_full_store_answers_503_with_retry_after_and_logs_it_once()
    {
        var (host, time) = await StartAsync(new Dictionary<string, string?> { ["Delivery:MaxPending"] = "2" });
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await time.DriveAsync(host.Client.PostAsync(Guid.NewGuid().ToString()));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Single(host.Factory.Logs.Entries, e => e.Message.Contains("is full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_shows_the_store_and_the_backlog_per_org()
    {
        var (host, time) = await StartAsync();
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        using (var response = await time.DriveAsync(host.Client.PostAsync(Guid.NewGuid().ToString())))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var ready = await host.ReadyAsync();
        var outbox = (await ReadJsonAsync(ready)).RootElement.GetProperty("outbox");
        Assert.Equal("ok", outbox.GetProperty("store").GetString());
        Assert.Equal("1", outbox.GetProperty("default.depth").GetString());
        Assert.True(outbox.TryGetProperty("default.oldest_age_seconds", out var _));
    }

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Genesys.Resilience;

public sealed class SharedProtectionTests
{
    private const string Guests = FakeTimeGateway.GuestsPath;

    [Fact]
    public async Task Fifty_submissions_during_a_429_cool_down_send_nothing_before_it_ends()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        using (var warm = await time.DriveAsync(host.PostValidAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        host.Emulator.ClearReceivedRequests();
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: "5");
        var first = host.PostValidAsync();
        await FakeTimeGateway.WaitForAsync(() => host.Patches().Count == 1);
        var coolDownEnds = host.Patches()[0].ReceivedAt + TimeSpan.FromSeconds(5);
        // The emulator has answered; the clock moves on only once the gateway has read the 429 (on a busy machine its
        // answer can take a while to arrive, and a clock driven past Delivery:MaxWait meanwhile would stop that send first).
        var gate = host.Factory.Services.GetRequiredService<GenesysResilienceRegistry>().For("default").Gate;
        await FakeTimeGateway.WaitForAsync(() => gate.Until > time.GetUtcNow());

        var all = Enumerable.Range(0, 50).Select(_ => host.PostValidAsync()).Prepend(first).ToArray();
        var responses = await time.DriveAsync(Task.WhenAll(all));

        // Answered at once from the outbox during the known cool-down, then delivered after it.
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"answered {(int)r.StatusCode}"));
        await time.DriveUntilAsync(() => host.Patches().Count(p => p.Status == 200) >= 51);
        var patches = host.Patches();
        Assert.Equal(51, patches.Count(p => p.Status == 200));
        Assert.All(patches.Skip(1), p => Assert.True(p.ReceivedAt >= coolDownEnds, $"sent at {p.ReceivedAt:O}, cool-down ends {coolDownEnds:O}"));
    }

    [Fact]
    public async Task Breaker_opens_after_sustained_failures_and_closes_after_a_successful_probe()
    {
        var (host, time) = await FakeTimeGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Genesys:Resilience:MaxAttempts"] = "1",
            ["Genesys:Resilience:BreakerMinimumThroughput"] = "4",
            ["Genesys:Resilience:BreakerFailureRatio"] = "0.5",
            ["Genesys:Resilience:BreakerBreakDuration"] = "00:00:10",
        });
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 4);
        for (var i = 0; i < 4; i++)
        {
            using var failed = await time.DriveAsync(host.PostValidAsync());
            Assert.Equal(HttpStatusCode.Accepted, failed.StatusCode);
        }

        using (var open = await time.DriveAsync(host.PostValidAsync()))
        {
            // The breaker is known open: queued at once, nothing sent.
            Assert.Equal(HttpStatusCode.Accepted, open.StatusCode);
        }

        Assert.Equal(4, host.Patches().Count);
        using (var ready = await host.GetReadinessDetailAsync())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("\"default.breaker\":\"open\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // After the break the probe succeeds (the deliverer's or a visitor's), the breaker closes and the five queued
        // posts are delivered; nothing fails again.
        time.Advance(TimeSpan.FromSeconds(11));
        await time.DriveUntilAsync(() => host.Patches().Count(p => p.Status == 200) >= 5);
        using var closed = await time.DriveAsync(host.PostValidAsync());
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(6, host.Patches().Count(p => p.Status == 200));
        Assert.Equal(4, host.Patches().Count(p => p.Status != 200));
    }

    [Fact]
    public async Task Throttle_answers_503_when_its_queue_is_full_and_sends_nothing_more()
    {
        var (host, time) = await FakeTimeGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Genesys:Resilience:RequestsPerMinute"] = "2",
            ["Genesys:Resilience:ThrottleQueueLimit"] = "0",
        });
        await using var _ = host;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await time.DriveAsync(host.PostValidAsync());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Accepted], statuses);
        Assert.Equal(2, host.Patches().Count);
    }

    [Fact]
    public async Task Token_endpoint_down_with_a_valid_cached_token_still_syncs()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        using (var first = await time.DriveAsync(host.PostValidAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        host.Emulator.Faults.TokenEndpointDown = true;
        time.Advance(TimeSpan.FromSeconds(86_400 - 120));

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.Patches().Count(p => p.Status == 200));
    }

    [Fact]
    public async Task Browser_that_disconnects_does_not_stop_a_submission_inside_its_budget()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 1);
        using var leave = new CancellationTokenSource();

        var pending = host.PostValidAsync(leave.Token);
        await FakeTimeGateway.WaitForAsync(() => host.Patches().Count == 1);
        await leave.CancelAsync();
        for (var step = 0; step < 100 && host.Patches().Count < 2; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal([503, 200], host.Patches().Select(p => p.Status));
        time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        Assert.Equal(2, host.Patches().Count);
    }

    [Fact]
    public async Task Metrics_count_attempts_retries_and_outcomes_by_status()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        var measurements = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "GuestSync.Gateway")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
            }
        });
        listener.Start();
        host.Emulator.Faults.FailNext(Guests, 503, count: 1);

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var invalid = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(new Dictionary<string, string> { ["guestId"] = "x" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Instrument == "guestsync.upstream.attempts" && m.Tags.Contains("status=503", StringComparison.Ordinal));
            Assert.Contains(measurements, m => m.Instrument == "guestsync.upstream.attempts" && m.Tags.Contains("status=200", StringComparison.Ordinal));
            Assert.Contains(measurements, m => m.Instrument == "guestsync.upstream.retries" && m.Tags.Contains("cause=503", StringComparison.Ordinal));
            Assert.Contains(measurements, m => m.Instrument == "guestsync.token.fetches" && m.Tags.Contains("result=success", StringComparison.Ordinal));
            Assert.Contains(measurements, m => m.Instrument == "guestsync.submissions" && m.Tags.Contains("outcome=synced", StringComparison.Ordinal));
            Assert.Contains(measurements, m => m.Instrument == "guestsync.submissions" && m.Tags.Contains("outcome=invalid", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Readyz_reports_token_and_breaker_state_without_secrets()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        using (var sync = await time.DriveAsync(host.PostValidAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        }

        using var ready = await host.GetReadinessDetailAsync();
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("valid", json.RootElement.GetProperty("genesys").GetProperty("default.token").GetString());
        Assert.Equal("closed", json.RootElement.GetProperty("genesys").GetProperty("default.breaker").GetString());
        Assert.DoesNotContain(GatewayHost.ClientSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Patches()[0].BearerToken!, body, StringComparison.Ordinal);
    }
}

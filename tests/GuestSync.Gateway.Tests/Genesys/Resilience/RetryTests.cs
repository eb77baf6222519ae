using System.Globalization;
using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Genesys.Resilience;

public sealed class RetryTests
{
    private const string Guests = FakeTimeGateway.GuestsPath;

    [Fact]
    public async Task Three_503s_then_success_takes_exactly_four_attempts_with_the_identical_body()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 3);

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patches = host.Patches();
        Assert.Equal([503, 503, 503, 200], patches.Select(p => p.Status));
        Assert.All(patches, p => Assert.Equal(patches[0].Body, p.Body));
        var gaps = patches.Zip(patches.Skip(1), (a, b) => b.ReceivedAt - a.ReceivedAt).ToList();
        Assert.InRange(gaps[0], TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.5));
        Assert.InRange(gaps[1], TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.7));
        Assert.InRange(gaps[2], TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(5.1));
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_waited_before_the_next_attempt()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: "2");

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patches = host.Patches();
        Assert.Equal([429, 200], patches.Select(p => p.Status));
        Assert.InRange(patches[1].ReceivedAt - patches[0].ReceivedAt, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_waited_before_the_next_attempt()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        var until = FakeTimeDriver.Start + TimeSpan.FromSeconds(3);
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: until.ToString("R", CultureInfo.InvariantCulture));

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patches = host.Patches();
        Assert.Equal([429, 200], patches.Select(p => p.Status));
        Assert.True(patches[1].ReceivedAt >= until, $"second attempt at {patches[1].ReceivedAt:O}, before {until:O}");
    }

    [Fact]
    public async Task Retry_after_beyond_the_budget_queues_at_once_after_one_attempt()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: "600");

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(host.Patches());
        Assert.True(time.GetUtcNow() - FakeTimeDriver.Start < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Always_503_gives_up_live_after_exactly_five_attempts_inside_the_budget_and_queues()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 100);

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(5, host.Patches().Count);
        Assert.True(time.GetUtcNow() - FakeTimeDriver.Start < TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(400, HttpStatusCode.UnprocessableEntity)]
    [InlineData(404, HttpStatusCode.NotFound)]
    [InlineData(409, HttpStatusCode.UnprocessableEntity)]
    [InlineData(403, HttpStatusCode.Accepted)]
    [InlineData(422, HttpStatusCode.UnprocessableEntity)]
    public async Task Client_errors_are_not_retried(int upstreamStatus, HttpStatusCode answered)
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, upstreamStatus, count: 5);

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(answered, response.StatusCode);
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task Dropped_connections_are_retried_like_5xx()
    {
        var (host, time) = await FakeTimeGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.DropNext(Guests, count: 2);

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0, 0, 200], host.Patches().Select(p => p.Status));
    }

    [Fact]
    public async Task Slow_answers_time_out_per_attempt_and_are_retried()
    {
        var (host, time) = await FakeTimeGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Genesys:Resilience:AttemptTimeout"] = "00:00:02",
            ["Genesys:Resilience:MaxAttempts"] = "3",
        });
        await using var _ = host;
        using (var warm = await time.DriveAsync(host.PostValidAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        host.Emulator.ClearReceivedRequests();
        host.Emulator.Faults.Latency = TimeSpan.FromSeconds(3);

        using var response = await time.DriveAsync(host.PostValidAsync());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeTimeGateway.WaitForAsync(() => host.Patches().Count >= 3);
        Assert.Equal(3, host.Patches().Count);
    }
}

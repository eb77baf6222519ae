using GuestSync.Gateway.Security.Abuse;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Security.Abuse;

public sealed class GuestRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private GuestRateLimiter Create(int permits = 2) => new(
        Options.Create(new RateLimitOptions { PerGuest = new WindowLimitOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) } }),
        _time);

    [Fact]
    public void Guest_over_its_window_waits_until_the_window_ends_and_other_guests_are_unaffected()
    {
        var limiter = Create();

        Assert.Null(limiter.TryAcquire("guest-a"));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(limiter.TryAcquire("guest-a"));
        var wait = limiter.TryAcquire("guest-a");

        Assert.Equal(TimeSpan.FromSeconds(40), wait);
        Assert.Null(limiter.TryAcquire("guest-b"));
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limiter.TryAcquire("guest-a"));
    }

    [Fact]
    public async Task Expired_guests_are_swept_so_memory_follows_active_guests_only()
    {
        var limiter = Create();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(limiter.TryAcquire($"guest-{i}"));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(limiter.TryAcquire("guest-new"));

        for (var i = 0; i < 200 && limiter.TrackedGuests > 1; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, limiter.TrackedGuests);
        Assert.Null(limiter.TryAcquire("guest-new"));
        Assert.NotNull(limiter.TryAcquire("guest-new"));
    }

    [Fact]
    public async Task Concurrent_posts_for_one_guest_never_exceed_its_limit()
    {
        var limiter = Create(permits: 10);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.TryAcquire("guest-a"))));

        Assert.Equal(10, results.Count(wait => wait is null));
    }
}

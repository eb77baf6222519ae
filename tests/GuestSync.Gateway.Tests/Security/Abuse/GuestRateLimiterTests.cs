using GuestSync.Gateway.Security.Abuse;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Security.Abuse;

public sealed class GuestRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private GuestRateLimiter Create(int permits = 2, int maxTrackedGuests = 262_144) => new(
        Options.Create(new RateLimitOptions
        {
            PerGuest = new WindowLimitOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) },
            MaxTrackedGuests = maxTrackedGuests,
        }),
        _time);

    [Fact]
    public void Table_is_fixed_at_start_however_many_distinct_guests_post()
    {
        var limiter = Create(permits: 1, maxTrackedGuests: 1024);
        Assert.Equal(1024, limiter.Capacity);

        for (var i = 0; i < 100_000; i++)
        {
            Assert.Null(limiter.TryAcquire($"guest-{i}"));
            if (i % 10_000 == 0)
            {
                _time.Advance(TimeSpan.FromSeconds(7));
            }
        }

        Assert.Equal(1024, limiter.Capacity);
        Assert.InRange(limiter.TrackedGuests, 1, 1024);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(16_777_217)]
    public void Table_size_outside_its_bounds_is_refused_naming_the_setting(int maxTrackedGuests)
    {
        var result = new AbuseOptionsValidator().Validate(null, new RateLimitOptions { MaxTrackedGuests = maxTrackedGuests });

        Assert.True(result.Failed);
        Assert.Contains("Security:RateLimits:MaxTrackedGuests", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_group_forgets_its_oldest_window_and_that_guest_starts_afresh()
    {
        // Eight windows are one group: every guest lands in it.
        var limiter = Create(permits: 1, maxTrackedGuests: GuestRateLimiter.Ways);
        for (var i = 0; i < GuestRateLimiter.Ways; i++)
        {
            Assert.Null(limiter.TryAcquire($"guest-{i}"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Null(limiter.TryAcquire("guest-new"));

        Assert.Equal(1, limiter.ForgottenEarly);
        Assert.NotNull(limiter.TryAcquire("guest-1")); // still in its window
        Assert.NotNull(limiter.TryAcquire("guest-new"));
        Assert.Null(limiter.TryAcquire("guest-0")); // the oldest was forgotten: a fresh window (which evicts guest-1)
        Assert.Null(limiter.TryAcquire("guest-1"));
    }

    [Fact]
    public void Ended_windows_are_reused_before_any_live_one_is_forgotten()
    {
        var limiter = Create(permits: 1, maxTrackedGuests: GuestRateLimiter.Ways);
        for (var i = 0; i < GuestRateLimiter.Ways; i++)
        {
            Assert.Null(limiter.TryAcquire($"guest-{i}"));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < GuestRateLimiter.Ways; i++)
        {
            Assert.Null(limiter.TryAcquire($"other-{i}"));
        }

        Assert.Equal(0, limiter.ForgottenEarly);
        Assert.Equal(GuestRateLimiter.Ways, limiter.TrackedGuests);
        Assert.NotNull(limiter.TryAcquire("other-0"));
    }

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
    public async Task Ended_windows_no_longer_count_as_tracked_guests()
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

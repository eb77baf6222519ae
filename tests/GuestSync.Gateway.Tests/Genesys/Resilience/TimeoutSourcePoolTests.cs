using GuestSync.Gateway.Genesys.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Genesys.Resilience;

public sealed class TimeoutSourcePoolTests
{
    [Fact]
    public void A_source_returned_before_its_timeout_is_rented_again_uncancelled()
    {
        var pool = new TimeoutSourcePool(TimeProvider.System);
        var first = pool.Rent(TimeSpan.FromMinutes(5));
        pool.Return(first);

        var second = pool.Rent(TimeSpan.FromMinutes(5));

        Assert.Same(first, second);
        Assert.False(second.IsCancellationRequested);
        pool.Return(second);
    }

    [Fact]
    public void A_reused_source_is_free_of_the_registrations_of_its_last_use()
    {
        var pool = new TimeoutSourcePool(TimeProvider.System);
        var source = pool.Rent(TimeSpan.FromMinutes(5));
        var calledBack = false;
        source.Token.Register(() => calledBack = true);
        pool.Return(source);

        var again = pool.Rent(TimeSpan.FromMinutes(5));
        again.Cancel();

        Assert.Same(source, again);
        Assert.False(calledBack);
        pool.Return(again);
    }

    [Fact]
    public void A_cancelled_source_is_never_handed_out_again()
    {
        var pool = new TimeoutSourcePool(TimeProvider.System);
        var source = pool.Rent(TimeSpan.FromMinutes(5));
        source.Cancel();
        pool.Return(source);

        var next = pool.Rent(TimeSpan.FromMinutes(5));

        Assert.NotSame(source, next);
        Assert.False(next.IsCancellationRequested);
        pool.Return(next);
    }

    [Fact]
    public void On_a_fake_clock_each_rent_is_a_new_source_that_cancels_when_the_clock_passes_its_timeout()
    {
        var time = new FakeTimeProvider();
        var pool = new TimeoutSourcePool(time);
        var first = pool.Rent(TimeSpan.FromSeconds(8));
        pool.Return(first);

        var second = pool.Rent(TimeSpan.FromSeconds(8));
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.False(second.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotSame(first, second);
        Assert.True(second.IsCancellationRequested);
    }
}

using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Proxy;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Proxy;

public sealed class LiveAttemptTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    [Fact]
    public void A_live_stop_says_it_comes_by_max_wait_and_it_does()
    {
        var time = new FakeTimeProvider();
        var began = time.GetUtcNow();
        using var attempt = Begin(time);

        Assert.True(attempt.Stop.ComesBy(began + MaxWait));
        Assert.False(attempt.Stop.ComesBy(began + MaxWait - TimeSpan.FromMilliseconds(1)));

        time.Advance(MaxWait - TimeSpan.FromMilliseconds(1));
        Assert.False(attempt.Stop.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(attempt.Stop.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_stop_without_a_known_time_never_rules_out_a_timeout()
    {
        using var lease = new CancellationTokenSource();
        var deliverers = new SendStop(lease.Token);

        Assert.False(deliverers.ComesBy(DateTimeOffset.MaxValue));
        Assert.False(default(SendStop).ComesBy(DateTimeOffset.MaxValue));
    }

    private static LiveAttempt Begin(FakeTimeProvider time) =>
        new(new LiveSends(new OutboxSignal()).TryBegin("default", "/api/v2/guests/g-1")!, MaxWait, new TimeoutSourcePool(time), time);
}

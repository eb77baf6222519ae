using System.Net;
using GuestSync.Gateway.Genesys.Resilience;

namespace GuestSync.Gateway.Tests.Genesys.Resilience;

public sealed class RateBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Before_Genesys_reports_a_window_nothing_is_held_back()
    {
        var budget = new RateBudget();

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        }
    }

    [Fact]
    public void A_reported_window_allows_exactly_its_remaining_requests_then_waits_for_the_reset_and_its_margin()
    {
        var budget = new RateBudget();
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        budget.Observe(new GenesysRateLimitHeaders(Allowed: 180, Count: 177, Reset: TimeSpan.FromSeconds(30)), Start);

        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        Assert.Equal(TimeSpan.FromSeconds(30) + RateBudget.ResetMargin, budget.TryReserve(Start));
        Assert.Equal(180, budget.Allowed);
    }

    [Fact]
    public void Requests_in_flight_count_against_the_window_until_answered()
    {
        var budget = new RateBudget();
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        budget.Observe(new GenesysRateLimitHeaders(10, 8, TimeSpan.FromSeconds(40)), Start);

        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        Assert.NotEqual(TimeSpan.Zero, budget.TryReserve(Start));

        // One of the two comes back without an answer (a transport error): its request is free again.
        budget.Release();
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
    }

    [Fact]
    public void After_the_reset_a_new_window_holds_the_last_reported_allowance()
    {
        var budget = new RateBudget();
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        budget.Observe(new GenesysRateLimitHeaders(3, 3, TimeSpan.FromSeconds(10)), Start);
        var afterReset = Start + TimeSpan.FromSeconds(10) + RateBudget.ResetMargin;
        Assert.True(budget.TryReserve(afterReset - TimeSpan.FromMilliseconds(1)) > TimeSpan.Zero);

        var allowed = 0;
        while (budget.TryReserve(afterReset) == TimeSpan.Zero)
        {
            allowed++;
        }

        Assert.Equal(3, allowed);
    }

    [Fact]
    public void An_answer_of_the_same_window_arriving_late_never_raises_what_remains()
    {
        var budget = new RateBudget();
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start));
        budget.Observe(new GenesysRateLimitHeaders(100, 99, TimeSpan.FromSeconds(50)), Start);
        budget.Observe(new GenesysRateLimitHeaders(100, 98, TimeSpan.FromSeconds(50)), Start + TimeSpan.FromMilliseconds(10));

        Assert.Equal(TimeSpan.Zero, budget.TryReserve(Start + TimeSpan.FromMilliseconds(20)));
        Assert.NotEqual(TimeSpan.Zero, budget.TryReserve(Start + TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Headers_are_read_only_when_all_three_are_well_formed()
    {
        using var complete = Answer(("inin-ratelimit-allowed", "180"), ("inin-ratelimit-count", "1"), ("inin-ratelimit-reset", "61"));
        Assert.True(GenesysRateLimitHeaders.TryRead(complete, out var headers));
        Assert.Equal(new GenesysRateLimitHeaders(180, 1, TimeSpan.FromSeconds(61)), headers);
        Assert.Equal(179, headers.Remaining);

        using var missing = Answer(("inin-ratelimit-allowed", "180"), ("inin-ratelimit-count", "1"));
        Assert.False(GenesysRateLimitHeaders.TryRead(missing, out _));

        using var garbled = Answer(("inin-ratelimit-allowed", "-5"), ("inin-ratelimit-count", "1"), ("inin-ratelimit-reset", "6"));
        Assert.False(GenesysRateLimitHeaders.TryRead(garbled, out _));
    }

    private static HttpResponseMessage Answer(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

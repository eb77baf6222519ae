using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.RateLimiting;

public sealed class RateLimitTests : EmulatorTestBase
{
    private const string GuestPath = "/api/v2/guests/g1";

    protected override void Configure(EmulatorOptions options) => options.RateLimitPerMinute = 3;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.Emulator.PutGuest("g1", new JsonObject());
    }

    [Fact]
    public async Task Request_over_the_limit_gets_429_with_integer_retry_after_and_the_normalized_body()
    {
        var token = await Harness.GetTokenAsync();
        await SpendAsync(token, 3);

        using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("60", Assert.Single(response.Headers.GetValues("Retry-After")));
        var expected = $$"""
            {"message":"Rate limit exceeded the maximum. Retry the request in [60] seconds","code":"too.many.requests.retry.after","status":429,"contextId":"{{CorrelationId(response)}}","details":[],"errors":[]}
            """;
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Retry_after_counts_down_with_the_clock_and_the_window_reopens_after_a_minute()
    {
        var token = await Harness.GetTokenAsync();
        await SpendAsync(token, 3);

        Harness.Time.Advance(TimeSpan.FromSeconds(42.5));
        using (var limited = await Harness.SendAsync(HttpMethod.Get, GuestPath, token))
        {
            Assert.Equal("18", Assert.Single(limited.Headers.GetValues("Retry-After")));
        }

        Harness.Time.Advance(TimeSpan.FromSeconds(17.5));
        using var reopened = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
    }

    [Fact]
    public async Task Limit_applies_to_each_token_separately()
    {
        var first = await Harness.GetTokenAsync();
        await SpendAsync(first, 3);

        using var second = await Harness.SendAsync(HttpMethod.Get, GuestPath, await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Rejected_requests_do_not_extend_the_window()
    {
        var token = await Harness.GetTokenAsync();
        await SpendAsync(token, 3);
        for (var i = 0; i < 5; i++)
        {
            using var limited = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        Harness.Time.Advance(TimeSpan.FromMinutes(1));

        await SpendAsync(token, 3);
    }

    [Fact]
    public async Task Every_answer_reports_the_token_window_count_allowed_and_reset_successes_and_429_alike()
    {
        var token = await Harness.GetTokenAsync();
        for (var i = 1; i <= 3; i++)
        {
            using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal((i, 3, 60), Window(response));
        }

        Harness.Time.Advance(TimeSpan.FromSeconds(20));
        using var limited = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal((3, 3, 40), Window(limited));
        Assert.Equal("40", Assert.Single(limited.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task Reset_counts_down_with_the_clock_and_a_new_window_starts_counting_at_one()
    {
        var token = await Harness.GetTokenAsync();
        await SpendAsync(token, 1);

        Harness.Time.Advance(TimeSpan.FromSeconds(59.5));
        using (var late = await Harness.SendAsync(HttpMethod.Get, GuestPath, token))
        {
            Assert.Equal((2, 3, 1), Window(late));
        }

        Harness.Time.Advance(TimeSpan.FromSeconds(0.5));
        using var next = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        Assert.Equal((1, 3, 60), Window(next));
    }

    [Fact]
    public async Task Error_answers_to_a_live_token_carry_the_window_too()
    {
        var token = await Harness.GetTokenAsync();

        using var missing = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/nobody", token);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((1, 3, 60), Window(missing));
    }

    [Fact]
    public async Task Injected_fault_reports_the_window_without_counting_the_request()
    {
        var token = await Harness.GetTokenAsync();
        await SpendAsync(token, 1);
        Harness.Emulator.Faults.FailNext(GuestPath, 503);

        using var failed = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        using var next = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);

        Assert.Equal((1, 3, 60), Window(failed));
        Assert.Equal((2, 3, 60), Window(next));
    }

    [Fact]
    public async Task Answers_without_a_live_token_carry_no_window()
    {
        using var token = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret));
        using var anonymous = await Harness.SendAsync(HttpMethod.Get, GuestPath, token: null);

        Assert.False(token.Headers.Contains("inin-ratelimit-count"));
        Assert.False(anonymous.Headers.Contains("inin-ratelimit-count"));
    }

    internal static (int Count, int Allowed, int Reset) Window(HttpResponseMessage response) => (
        int.Parse(Assert.Single(response.Headers.GetValues("inin-ratelimit-count")), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Assert.Single(response.Headers.GetValues("inin-ratelimit-allowed")), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Assert.Single(response.Headers.GetValues("inin-ratelimit-reset")), System.Globalization.CultureInfo.InvariantCulture));

    private async Task SpendAsync(string token, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}

public sealed class RateLimitOffTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.RateLimitPerMinute = 0;

    [Fact]
    public async Task Zero_limit_turns_rate_limiting_off()
    {
        Harness.Emulator.PutGuest("g1", new JsonObject());
        var token = await Harness.GetTokenAsync();

        for (var i = 0; i < 400; i++)
        {
            using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("inin-ratelimit-count"));
        }
    }
}

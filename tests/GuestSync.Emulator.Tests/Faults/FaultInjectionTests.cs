using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Faults;

public sealed class FaultInjectionTests : EmulatorTestBase
{
    private const string GuestPath = "/api/v2/guests/g1";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.Emulator.PutGuest("g1", new JsonObject());
    }

    [Fact]
    public async Task FailNext_answers_the_status_for_count_requests_then_recovers()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.Faults.FailNext("/api/v2/guests", 503, count: 2);

        for (var i = 0; i < 2; i++)
        {
            using var failed = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
            await AssertGenesysErrorAsync(failed, 503, "service.unavailable");
        }

        using var recovered = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task FailNext_only_affects_paths_under_its_prefix_case_insensitively()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.Faults.FailNext("/API/V2/GUESTS", 502);

        using var token2 = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret));
        Assert.Equal(HttpStatusCode.OK, token2.StatusCode);
        using var failed = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
    }

    [Fact]
    public async Task Injected_429_sends_the_given_retry_after_and_the_normalized_body()
    {
        Harness.Emulator.Faults.FailNext("/api", 429, retryAfter: "7");

        using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, await Harness.GetTokenAsync());

        var body = await AssertGenesysErrorAsync(response, 429, "too.many.requests.retry.after");
        Assert.Equal("7", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal("Rate limit exceeded the maximum. Retry the request in [7] seconds", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Injected_retry_after_can_be_an_http_date()
    {
        var date = Harness.Time.GetUtcNow().AddSeconds(30).ToString("r", CultureInfo.InvariantCulture);
        Harness.Emulator.Faults.FailNext("/api", 503, retryAfter: date);

        using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(date, Assert.Single(response.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task Injected_fault_without_retry_after_sends_none()
    {
        Harness.Emulator.Faults.FailNext("/api", 429);

        using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task DropNext_aborts_the_connection_after_the_body_arrived()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.Faults.DropNext("/api/v2/guests");

        await Assert.ThrowsAsync<HttpRequestException>(() => Harness.PatchGuestAsync("g1", """[{"op":"add","path":"/a","value":1}]""", token));

        var dropped = Harness.Emulator.ReceivedRequests[^1];
        Assert.Equal(0, dropped.Status);
        Assert.NotEmpty(dropped.Body);
        Assert.Empty(Harness.Emulator.GetGuest("g1")!);
        using var next = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Latency_holds_the_response_until_the_emulator_clock_has_advanced()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.Faults.Latency = TimeSpan.FromSeconds(2);

        var pending = Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted && advanced < TimeSpan.FromSeconds(10))
        {
            await Task.WhenAny(pending, Task.Delay(20));
            if (!pending.IsCompleted)
            {
                Harness.Time.Advance(TimeSpan.FromMilliseconds(250));
                advanced += TimeSpan.FromMilliseconds(250);
            }
        }

        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromSeconds(2), $"answered after only {advanced} of emulator time");
    }

    [Fact]
    public async Task Token_endpoint_down_answers_503_until_restored()
    {
        Harness.Emulator.Faults.TokenEndpointDown = true;

        using (var down = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret)))
        {
            await AssertGenesysErrorAsync(down, 503, "service.unavailable");
        }

        Harness.Emulator.Faults.TokenEndpointDown = false;
        Assert.False(string.IsNullOrEmpty(await Harness.GetTokenAsync()));
    }

    [Fact]
    public async Task Reset_disarms_every_fault()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.Faults.FailNext("/api", 500, count: 5);
        Harness.Emulator.Faults.DropNext("/api");
        Harness.Emulator.Faults.TokenEndpointDown = true;
        Harness.Emulator.Faults.Latency = TimeSpan.FromHours(1);

        Harness.Emulator.Faults.Reset();

        using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.Zero, Harness.Emulator.Faults.Latency);
        Assert.False(Harness.Emulator.Faults.TokenEndpointDown);
    }

    [Fact]
    public void Fault_arguments_are_checked()
    {
        var faults = Harness.Emulator.Faults;

        Assert.Throws<ArgumentException>(() => faults.FailNext("api", 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext("/api", 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext("/api", 600));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext("/api", 500, count: 0));
        Assert.Throws<ArgumentException>(() => faults.FailNext("/api", 429, retryAfter: "1\r\nX-Evil: 1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.DropNext("/api", count: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Latency = TimeSpan.FromSeconds(-1));
    }
}

using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Security.Abuse;

public sealed class RateLimitTests
{
    private const string TestClientHeader = "X-Test-Connection-Ip";

    private static Task<GatewayHost> StartAsync(Dictionary<string, string?> settings) =>
        GatewayHost.StartAsync(settings: settings);

    /// <summary>TestServer has no socket: this sets the connection's address the way Kestrel would.</summary>
    private static HttpClient ClientWithConnectionAddresses(GatewayHost host) =>
        host.Factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new ConnectionAddressFilter()))).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage Post(Dictionary<string, string>? fields = null, string? connection = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(fields ?? ProfileForms.Valid()) };
        if (connection is not null)
        {
            request.Headers.Add(TestClientHeader, connection);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_over_its_window_gets_429_with_retry_after_and_nothing_is_sent()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerClient:PermitLimit"] = "2" });

        for (var i = 0; i < 2; i++)
        {
            using var ok = await host.Client.SendAsync(Post());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        host.Emulator.ClearReceivedRequests();
        using var refused = await host.Client.SendAsync(Post());

        await AssertTooManyAsync(refused);
        Assert.Empty(host.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Health_checks_are_not_rate_limited()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerClient:PermitLimit"] = "1" });
        using var first = await host.Client.SendAsync(Post());

        for (var i = 0; i < 5; i++)
        {
            using var health = await host.Client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact]
    public async Task Clients_are_limited_by_their_own_address()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerClient:PermitLimit"] = "1" });
        using var client = ClientWithConnectionAddresses(host);

        using var a = await client.SendAsync(Post(connection: "203.0.113.10"));
        using var b = await client.SendAsync(Post(connection: "203.0.113.11"));
        using var aAgain = await client.SendAsync(Post(connection: "203.0.113.10"));

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        await AssertTooManyAsync(aAgain);
    }

    [Fact]
    public async Task Ipv6_clients_share_a_window_per_64()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerClient:PermitLimit"] = "1" });
        using var client = ClientWithConnectionAddresses(host);

        using var first = await client.SendAsync(Post(connection: "2001:db8:1:2::10"));
        using var sameNetwork = await client.SendAsync(Post(connection: "2001:db8:1:2::beef"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertTooManyAsync(sameNetwork);
    }

    [Fact]
    public async Task Forwarded_for_from_an_untrusted_connection_is_ignored()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerClient:PermitLimit"] = "1" });
        using var client = ClientWithConnectionAddresses(host);

        using var first = await client.SendAsync(Post(connection: "203.0.113.10", forwardedFor: "198.51.100.1"));
        using var spoofed = await client.SendAsync(Post(connection: "203.0.113.10", forwardedFor: "198.51.100.2"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertTooManyAsync(spoofed);
    }

    [Fact]
    public async Task Forwarded_for_from_a_trusted_proxy_names_the_client()
    {
        await using var host = await StartAsync(new()
        {
            ["Security:RateLimits:PerClient:PermitLimit"] = "1",
            ["Security:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
        });
        using var client = ClientWithConnectionAddresses(host);

        using var first = await client.SendAsync(Post(connection: "10.1.2.3", forwardedFor: "198.51.100.1"));
        using var otherClient = await client.SendAsync(Post(connection: "10.1.2.3", forwardedFor: "198.51.100.2"));
        using var firstAgain = await client.SendAsync(Post(connection: "10.9.9.9", forwardedFor: "198.51.100.1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        await AssertTooManyAsync(firstAgain);
    }

    [Fact]
    public async Task Guest_over_its_window_gets_429_while_other_guests_sync()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerGuest:PermitLimit"] = "2" });
        var guest = Guid.NewGuid().ToString();

        using var one = await host.Client.SendAsync(Post(ProfileForms.Valid(guest)));
        using var two = await host.Client.SendAsync(Post(ProfileForms.Valid(guest.ToUpperInvariant())));
        using var three = await host.Client.SendAsync(Post(ProfileForms.Valid(guest)));
        using var other = await host.Client.SendAsync(Post());

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        await AssertTooManyAsync(three);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(3, host.Emulator.ReceivedRequests.Count(r => r.Method == "PATCH"));
    }

    [Fact]
    public async Task Invalid_posts_do_not_use_up_the_guests_window()
    {
        await using var host = await StartAsync(new() { ["Security:RateLimits:PerGuest:PermitLimit"] = "1" });
        var fields = ProfileForms.Valid();
        var invalid = new Dictionary<string, string>(fields) { ["email"] = "nope" };

        for (var i = 0; i < 3; i++)
        {
            using var bad = await host.Client.SendAsync(Post(invalid));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var good = await host.Client.SendAsync(Post(fields));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Requests_over_the_concurrency_cap_get_503_with_retry_after_and_the_rest_sync()
    {
        // One test client stands for many: its own share would otherwise be reached before the gateway-wide cap.
        await using var host = await StartAsync(new() { ["Security:RateLimits:MaxConcurrentRequests"] = "2", ["Security:RateLimits:MaxConcurrentPerClient"] = "100" });
        using var warm = await host.Client.SendAsync(Post());
        host.Emulator.Faults.Latency = TimeSpan.FromSeconds(2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => host.Client.SendAsync(Post())));

        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, r => Assert.Equal("1", Assert.Single(r.Headers.GetValues("Retry-After"))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable));
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 1, 6 - busy.Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Invalid_rate_limits_fail_the_start_naming_the_settings()
    {
        await using var host = await StartAsync(new()
        {
            ["Security:RateLimits:PerClient:PermitLimit"] = "0",
            ["Security:RateLimits:PerGuest:Window"] = "00:00:00",
        });

        var failure = await StartFailure.MessagesAsync(() => host.NewFactory());

        Assert.Contains("Security:RateLimits:PerClient:PermitLimit", failure, StringComparison.Ordinal);
        Assert.Contains("Security:RateLimits:PerGuest:Window", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_trusted_network_fails_the_start_naming_the_setting()
    {
        await using var host = await StartAsync(new() { ["Security:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/99" });

        var failure = await StartFailure.MessagesAsync(() => host.NewFactory());

        Assert.Contains("Security:ForwardedHeaders:KnownNetworks:0", failure, StringComparison.Ordinal);
    }

    private sealed class ConnectionAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(TestClientHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

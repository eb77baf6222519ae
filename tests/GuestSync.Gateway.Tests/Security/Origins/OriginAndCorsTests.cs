using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Security.Origins;

public sealed class OriginAndCorsTests : IAsyncLifetime
{
    private const string Shop = "https://shop.example.com";
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Profiles:default:AllowedOrigins:0"] = Shop,
        ["Profiles:default:AllowedOrigins:1"] = "http://localhost:3000",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return _host.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin, string path = "/api/profile-sync")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-guest-binding");
        return _host.Client.SendAsync(request);
    }

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;

    private async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(AllowOrigin(response));
        Assert.DoesNotContain("example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task Post_from_a_listed_origin_syncs_and_carries_cors_headers()
    {
        using var response = await PostAsync(("Origin", Shop), ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Shop, AllowOrigin(response));
        Assert.Contains("X-Correlation-Id", string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Listed_origin_with_a_port_is_matched_exactly()
    {
        using var allowed = await PostAsync(("Origin", "http://localhost:3000"));
        using var otherPort = await PostAsync(("Origin", "http://localhost:3001"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://shop.example.com.evil.example")]
    [InlineData("http://shop.example.com")]
    [InlineData("null")]
    [InlineData("not an origin")]
    public async Task Post_from_an_unlisted_origin_is_403_and_nothing_is_sent(string origin)
    {
        using var response = await PostAsync(("Origin", origin), ("Sec-Fetch-Site", "cross-site"));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Own_page_post_under_no_referrer_policy_sends_origin_null_and_syncs()
    {
        using var sandboxedFrame = await PostAsync(("Origin", "null"));
        await AssertRefusedAsync(sandboxedFrame);

        using var sameOrigin = await PostAsync(("Origin", "null"), ("Sec-Fetch-Site", "same-origin"));
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
    }

    [Fact]
    public async Task Post_with_only_an_unlisted_referer_is_403()
    {
        using var response = await PostAsync(("Referer", "https://evil.example/attack.html"));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_with_only_a_listed_referer_syncs()
    {
        using var response = await PostAsync(("Referer", Shop + "/account/profile?tab=1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cross_site_post_naming_no_origin_is_403()
    {
        using var response = await PostAsync(("Sec-Fetch-Site", "cross-site"));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Same_origin_post_syncs_without_being_listed()
    {
        using var response = await PostAsync(("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_without_browser_headers_syncs()
    {
        using var response = await PostAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Preflight_from_a_listed_origin_is_answered_and_not_forwarded()
    {
        using var response = await PreflightAsync(Shop);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Shop, AllowOrigin(response));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods"));
        Assert.Contains("x-guest-binding", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_host.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Preflight_from_an_unlisted_origin_gets_no_cors_headers()
    {
        using var response = await PreflightAsync("https://evil.example");

        Assert.Null(AllowOrigin(response));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Empty(_host.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Health_endpoints_get_no_cors_headers_even_for_a_listed_origin()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("Origin", Shop);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(AllowOrigin(response));
    }

    [Fact]
    public async Task Invalid_allowed_origin_fails_the_start_naming_the_setting()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Profiles:default:AllowedOrigins:0"] = "https://*.example.com/path",
        });

        var failure = await StartFailure.MessagesAsync(() => host.NewFactory());

        Assert.Contains("Profiles:default:AllowedOrigins:0", failure, StringComparison.Ordinal);
    }
}

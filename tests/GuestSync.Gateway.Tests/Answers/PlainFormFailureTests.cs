using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.AspNetCore.WebUtilities;

namespace GuestSync.Gateway.Tests.Answers;

/// <summary>
/// A plain HTML form post (a browser without script: <c>Accept: text/html</c>) that fails never shows the visitor JSON:
/// it gets a minimal HTML page with the failure's status, or 303 to the profile's <c>ErrorUrl</c> with a stable reason;
/// JSON clients still get <c>application/problem+json</c>. Every failure kind is checked.
/// </summary>
public sealed class PlainFormFailureTests
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private const string ErrorUrl = "https://shop.example.com/profile/error?form=profile";
    private const string EmailMarker = "zq-bad-address-marker";
    private const string Guests = "/api/v2/guests";

    public static TheoryData<string> Kinds => new()
    {
        "invalid-fields", "malformed", "binding-invalid", "binding-other-guest", "cross-site", "rate-limited", "not-found", "rejected", "failed",
    };

    private sealed record Case(int Status, string Reason, string[] Fields, Dictionary<string, string?> Settings, Action<GatewayHost> Arrange, Action<Dictionary<string, string>, HttpRequestMessage> Shape)
    {
        public bool NeedsOneRequestFirst { get; init; }

        public bool CreatesGuests { get; init; } = true;
    }

    private static Case For(string kind) => kind switch
    {
        "invalid-fields" => new(400, kind, ["email"], [], _ => { }, (form, _) => form["email"] = EmailMarker),
        "malformed" => new(400, kind, [], [], _ => { }, (_, request) => request.Content = ProfileForms.Raw("{\"guestId\":", "application/json")),
        "binding-invalid" => new(401, kind, [], TestBindingTokens.RequiredSettings(), _ => { }, (_, _) => { }),
        "binding-other-guest" => new(403, kind, [], TestBindingTokens.RequiredSettings(), _ => { },
            (form, _) => form["bindingToken"] = TestBindingTokens.Hs256(Guid.NewGuid().ToString())),
        "cross-site" => new(403, kind, [], [], _ => { }, (_, request) => request.Headers.Add("Origin", "https://evil.example")),
        "rate-limited" => new(429, kind, [], new() { ["Security:RateLimits:PerClient:PermitLimit"] = "1" }, _ => { }, (_, _) => { }) { NeedsOneRequestFirst = true },
        "not-found" => new(404, kind, [], [], _ => { }, (_, _) => { }) { CreatesGuests = false },
        "rejected" => new(422, kind, [], [], host => host.Emulator.Faults.FailNext(Guests, 422), (_, _) => { }),
        "failed" => new(502, kind, [], [], host => host.Emulator.Faults.FailNext(Guests, 410), (_, _) => { }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Failed_plain_html_post_gets_an_accessible_html_page_with_the_status_and_none_of_what_was_sent(string kind)
    {
        var test = For(kind);
        await using var host = await StartAsync(test, errorUrl: null);
        var (form, response) = await SendAsync(host, test, BrowserAccept);
        using var _ = response;
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(test.Status, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>\n<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Matches("<title>[^<]+</title>", page);
        Assert.Matches("<h1>[^<]+</h1>", page);
        Assert.DoesNotContain("\"status\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("problem", page, StringComparison.OrdinalIgnoreCase);
        foreach (var sent in form.Values)
        {
            Assert.DoesNotContain(sent, page, StringComparison.Ordinal);
        }

        foreach (var field in test.Fields)
        {
            Assert.Contains($"<li><strong>{field}</strong>", page, StringComparison.Ordinal);
        }

        if (test.Status == 429)
        {
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Contains("Please send the form again in", page, StringComparison.Ordinal);
        }

        Assert.Contains("Back button", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Failed_plain_html_post_with_an_error_url_is_redirected_there_with_the_reason_and_no_submitted_value(string kind)
    {
        var test = For(kind);
        await using var host = await StartAsync(test, ErrorUrl);
        var (form, response) = await SendAsync(host, test, BrowserAccept);
        using var _ = response;

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        Assert.StartsWith(ErrorUrl + "&", location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal(test.Reason, query["reason"].ToString());
        Assert.Equal(test.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), query["status"].ToString());
        Assert.Equal(test.Fields, query.TryGetValue("field", out var fields) ? fields.ToArray() : []);
        Assert.Equal(test.Status == 429, query.ContainsKey("retryAfter"));
        foreach (var sent in form.Values)
        {
            Assert.DoesNotContain(Uri.EscapeDataString(sent), location, StringComparison.Ordinal);
            Assert.DoesNotContain(sent, location, StringComparison.Ordinal);
        }

        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("invalid-fields", "application/json")]
    [InlineData("invalid-fields", "text/html, application/json")]
    [InlineData("cross-site", "*/*")]
    [InlineData("rate-limited", "application/json")]
    [InlineData("not-found", "application/json")]
    public async Task Json_and_script_clients_still_get_problem_json_even_with_an_error_url(string kind, string accept)
    {
        var test = For(kind);
        await using var host = await StartAsync(test, ErrorUrl);
        var (_, response) = await SendAsync(host, test, accept);
        using var _ = response;

        Assert.Equal(test.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_back_link_is_offered_only_for_the_gateway_own_or_an_allowed_origin_and_without_the_query()
    {
        var test = For("invalid-fields");
        await using var host = await StartAsync(test, errorUrl: null, new() { ["Profiles:default:AllowedOrigins:0"] = "https://shop.example.com" });

        var allowed = await PageAsync(host, test, HttpStatusCode.BadRequest, request =>
        {
            request.Headers.Add("Origin", "https://shop.example.com");
            request.Headers.Referrer = new Uri("https://shop.example.com/account/profile?email=ada%40example.org#top");
        });
        // A post from a page elsewhere is refused by the origin guard, and its page links nowhere.
        var other = await PageAsync(host, test, HttpStatusCode.Forbidden, request => request.Headers.Referrer = new Uri("https://elsewhere.example/form"));

        Assert.Contains("<a href=\"https://shop.example.com/account/profile\">Back to the form</a>", allowed, StringComparison.Ordinal);
        Assert.DoesNotContain("ada%40example.org", allowed, StringComparison.Ordinal);
        Assert.DoesNotContain("elsewhere.example", other, StringComparison.Ordinal);
        Assert.Contains("Back button", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_store_answers_a_plain_html_post_503_with_retry_after_as_a_page_or_to_the_error_url()
    {
        foreach (var errorUrl in new[] { null, ErrorUrl })
        {
            var settings = new Dictionary<string, string?> { ["Delivery:MaxPending"] = "1" };
            if (errorUrl is not null)
            {
                settings["Profiles:default:ErrorUrl"] = errorUrl;
            }

            var (host, time) = await FakeTimeGateway.StartAsync(settings);
            await using var _ = host;
            host.Emulator.Faults.TokenEndpointDown = true;
            using var queued = await time.DriveAsync(host.Client.SendAsync(Post(ProfileForms.Valid(), BrowserAccept)));
            var form = ProfileForms.Valid();
            using var full = await time.DriveAsync(host.Client.SendAsync(Post(form, BrowserAccept)));

            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            Assert.NotNull(full.Headers.RetryAfter?.Delta);
            if (errorUrl is null)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
                Assert.Equal("text/html", full.Content.Headers.ContentType?.MediaType);
                var page = await full.Content.ReadAsStringAsync();
                Assert.Contains("Please send the form again in", page, StringComparison.Ordinal);
                Assert.DoesNotContain(form["guestId"], page, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(HttpStatusCode.SeeOther, full.StatusCode);
                Assert.Contains("reason=unavailable&status=503", full.Headers.Location!.OriginalString, StringComparison.Ordinal);
                Assert.Contains("&retryAfter=", full.Headers.Location.OriginalString, StringComparison.Ordinal);
            }
        }
    }

    private static async Task<GatewayHost> StartAsync(Case test, string? errorUrl, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(test.Settings);
        if (errorUrl is not null)
        {
            settings["Profiles:default:ErrorUrl"] = errorUrl;
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var host = await GatewayHost.StartAsync(emulator => emulator.CreateGuestsOnFirstWrite = test.CreatesGuests, settings: settings);
        test.Arrange(host);
        return host;
    }

    private static async Task<(Dictionary<string, string> Form, HttpResponseMessage Response)> SendAsync(GatewayHost host, Case test, string accept)
    {
        if (test.NeedsOneRequestFirst)
        {
            using var first = await host.Client.SendAsync(Post(ProfileForms.Valid(), "application/json"));
        }

        var form = ProfileForms.Valid();
        var request = Post(form, accept);
        test.Shape(form, request);
        if (request.Content is FormUrlEncodedContent)
        {
            request.Content = ProfileForms.UrlEncoded(form);
        }

        return (form, await host.Client.SendAsync(request));
    }

    private static async Task<string> PageAsync(GatewayHost host, Case test, HttpStatusCode status, Action<HttpRequestMessage> shape)
    {
        var form = ProfileForms.Valid();
        test.Shape(form, new HttpRequestMessage());
        using var request = Post(form, BrowserAccept);
        shape(request);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static HttpRequestMessage Post(Dictionary<string, string> form, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(form) };
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }
}

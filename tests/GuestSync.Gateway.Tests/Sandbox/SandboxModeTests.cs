using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Headers;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Sandbox;

public sealed class SandboxModeTests
{
    private static HttpRequestMessage Post(IDictionary<string, string> fields, string accept) => new(HttpMethod.Post, "/api/profile-sync")
    {
        Content = ProfileForms.UrlEncoded(fields),
        Headers = { Accept = { MediaTypeWithQualityHeaderValue.Parse(accept) } },
    };

    [Fact]
    public async Task No_credentials_in_Development_syncs_through_the_embedded_emulator_as_ciphertext()
    {
        await using var host = SandboxHost.Create();
        var form = ProfileForms.Valid();

        using var response = await host.Client.SendAsync(Post(form, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var guest = host.Runtime.Emulator.GetGuest(form["guestId"]);
        Assert.NotNull(guest);
        var storedEmail = guest["email"]!.GetValue<string>();
        Assert.DoesNotContain(ProfileForms.Email, storedEmail, StringComparison.Ordinal);
        Assert.Equal(ProfileForms.Email, host.Decrypt(storedEmail));
        Assert.Equal(ProfileForms.Name, host.Decrypt(guest["name"]!.GetValue<string>()));
        Assert.Equal(ProfileForms.Phone, host.Decrypt(guest["phone"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Sandbox_makes_an_ephemeral_key_and_logs_its_kid_in_one_banner_never_the_key()
    {
        await using var host = SandboxHost.Create();
        _ = host.Client;

        var ring = host.Factory.Services.GetRequiredService<IKeyRingProvider>().Current;
        Assert.StartsWith("sandbox-", ring.ActiveKey.KeyId, StringComparison.Ordinal);
        var banner = Assert.Single(host.Factory.Logs.Entries, e => e.Message.Contains("GuestSync SANDBOX", StringComparison.Ordinal));
        Assert.Contains("NOT connected to Genesys Cloud", banner.Message, StringComparison.Ordinal);
        Assert.Contains(ring.ActiveKey.KeyId, banner.Message, StringComparison.Ordinal);
        foreach (var setting in new[] { "Genesys__Region", "Genesys__ClientId", "Genesys__ClientSecret", "Encryption__KeySet", "Encryption__ActiveKeyId" })
        {
            Assert.Contains(setting, banner.Message, StringComparison.Ordinal);
        }

        var key = System.Buffers.Text.Base64Url.EncodeToString(ring.ActiveKey.Material);
        Assert.DoesNotContain(host.Factory.Logs.Entries, e => e.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_key_is_used_in_the_sandbox_instead_of_an_ephemeral_one()
    {
        var keys = new TestKeys("operator-key");
        await using var host = SandboxHost.Create(settings: new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = keys.KeySetJson,
            ["Encryption:ActiveKeyId"] = keys.KeyId,
        });
        var form = ProfileForms.Valid();

        using var response = await host.Client.SendAsync(Post(form, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProfileForms.Email, keys.Decrypt(host.Runtime.Emulator.GetGuest(form["guestId"])!["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Html_post_is_redirected_to_the_result_page_which_shows_the_ciphertext_and_its_decryption()
    {
        await using var host = SandboxHost.Create();
        var form = ProfileForms.Valid();

        using var response = await host.Client.SendAsync(Post(form, "text/html"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith($"/demo/result?guestId={form["guestId"]}&receipt=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var page = await host.Client.GetStringAsync(response.Headers.Location);
        Assert.Contains("Genesys Cloud accepted the update", page, StringComparison.Ordinal);
        Assert.Contains("What Genesys received", page, StringComparison.Ordinal);
        var storedEmail = host.Runtime.Emulator.GetGuest(form["guestId"])!["email"]!.GetValue<string>();
        Assert.Contains(storedEmail, page, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"decrypted\">{ProfileForms.Email}</span>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_post_with_a_bad_email_is_redirected_to_the_form_which_shows_the_error_beside_the_email_field_on_every_reload()
    {
        await using var host = SandboxHost.Create();
        var form = ProfileForms.Valid();
        form["email"] = "not-an-email";

        // Cookies by hand: the test sees exactly what the browser keeps and sends.
        using var browser = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var response = await browser.SendAsync(Post(form, "text/html"));

        // Post/Redirect/Get: the page with the errors is a GET, so reloading it never posts again.
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        Assert.Matches("^/\\?form=[A-Za-z0-9_-]{22}$", location);
        Assert.DoesNotContain("not-an-email", location, StringComparison.Ordinal);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not-an-email", cookie, StringComparison.Ordinal);
        foreach (var _ in new[] { "first view", "reload" })
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            get.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var shown = await browser.SendAsync(get);
            var page = await shown.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains("value=\"not-an-email\" aria-invalid=\"true\" autofocus", page, StringComparison.Ordinal);
            Assert.Matches("<p class=\"error\" id=\"email-error\">must be an email address[^<]*</p>", page);
            Assert.Contains("<p class=\"error\" id=\"name-error\" hidden></p>", page, StringComparison.Ordinal);
            Assert.Contains($"value=\"{ProfileForms.Name}\"", page, StringComparison.Ordinal);
        }

        // Another browser (no cookie) with the same link gets an empty form: nothing typed travels in the URL.
        var fresh = await browser.GetStringAsync(location);
        Assert.DoesNotContain("not-an-email", fresh, StringComparison.Ordinal);
        Assert.Null(host.Runtime.Emulator.GetGuest(form["guestId"]));
    }

    [Theory]
    [InlineData("/demo/result")]
    [InlineData("/demo/result?guestId=11111111-2222-4333-8444-555555555555")]
    [InlineData("/demo/result?guestId=11111111-2222-4333-8444-555555555555&receipt=forged")]
    public async Task Result_page_without_a_synced_guest_shows_a_neutral_message_not_saved(string path)
    {
        await using var host = SandboxHost.Create();

        var page = await host.Client.GetStringAsync(path);

        Assert.Contains("No update to show", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Saved", page, StringComparison.Ordinal);
        Assert.DoesNotContain("result-success", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_pages_csp_admits_their_data_icon_and_nothing_from_elsewhere()
    {
        await using var host = SandboxHost.Create();

        using var response = await host.Client.GetAsync("/");
        var page = await response.Content.ReadAsStringAsync();

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("<link rel=\"icon\" href=\"data:,\">", page, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data:", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Received_view_html_encodes_what_was_stored_and_decrypted()
    {
        await using var host = SandboxHost.Create();
        var form = ProfileForms.Valid();
        form["name"] = "<script>alert(1)</script>";

        using var response = await host.Client.SendAsync(Post(form, "application/json"));
        var page = await host.Client.GetStringAsync($"/demo/guests/{form["guestId"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_page_prefills_a_fresh_guest_id_and_labels_every_field()
    {
        await using var host = SandboxHost.Create();

        var first = await host.Client.GetStringAsync("/");
        var second = await host.Client.GetStringAsync("/");

        Assert.NotEqual(GuestIdOf(first), GuestIdOf(second));
        Assert.True(Guid.TryParse(GuestIdOf(first), out _));
        foreach (var field in new[] { "guestId", "name", "email", "phone" })
        {
            Assert.Contains($"<label for=\"{field}\">", first, StringComparison.Ordinal);
        }

        Assert.Contains("aria-live=\"polite\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_stops_with_the_gateway()
    {
        var host = SandboxHost.Create();
        _ = host.Client;
        var emulatorAddress = host.Runtime.Emulator.BaseAddress;

        await host.DisposeAsync();

        using var probe = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(new Uri(emulatorAddress, "oauth/token")));
    }

    private static string GuestIdOf(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "name=\"guestId\"[^>]* value=\"([^\"]*)\"");
        Assert.True(match.Success);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task Received_view_of_an_unknown_guest_is_a_404_page()
    {
        await using var host = SandboxHost.Create();

        using var response = await host.Client.GetAsync($"/demo/guests/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("The emulator holds no guest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Net;
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
        Assert.Equal($"/demo/result?guestId={form["guestId"]}", response.Headers.Location?.OriginalString);
        var page = await host.Client.GetStringAsync(response.Headers.Location);
        Assert.Contains("Genesys Cloud accepted the update", page, StringComparison.Ordinal);
        Assert.Contains("What Genesys received", page, StringComparison.Ordinal);
        var storedEmail = host.Runtime.Emulator.GetGuest(form["guestId"])!["email"]!.GetValue<string>();
        Assert.Contains(storedEmail, page, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"decrypted\">{ProfileForms.Email}</span>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_post_with_a_bad_email_gets_the_form_back_with_the_error_beside_the_email_field()
    {
        await using var host = SandboxHost.Create();
        var form = ProfileForms.Valid();
        form["email"] = "not-an-email";

        using var response = await host.Client.SendAsync(Post(form, "text/html"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("value=\"not-an-email\" aria-invalid=\"true\" autofocus", page, StringComparison.Ordinal);
        Assert.Matches("<p class=\"error\" id=\"email-error\">must be an email address[^<]*</p>", page);
        Assert.Contains("<p class=\"error\" id=\"name-error\" hidden></p>", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{ProfileForms.Name}\"", page, StringComparison.Ordinal);
        Assert.Null(host.Runtime.Emulator.GetGuest(form["guestId"]));
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

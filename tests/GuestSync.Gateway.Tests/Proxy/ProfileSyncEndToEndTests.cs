using System.Net;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Proxy;

public sealed class ProfileSyncEndToEndTests
{
    public static TheoryData<string> Encodings => new() { "urlencoded", "multipart", "json" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Form_post_reaches_Genesys_as_an_encrypted_json_patch(string encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();
        var content = encoding switch
        {
            "urlencoded" => ProfileForms.UrlEncoded(fields),
            "multipart" => ProfileForms.Multipart(fields),
            _ => ProfileForms.Json(fields),
        };

        using var response = await host.Client.PostAsync("/api/profile-sync", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("synced", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal(fields["guestId"], answer.RootElement.GetProperty("guestId").GetString());

        var patch = Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        Assert.Equal($"/api/v2/guests/{fields["guestId"]}", patch.Path);
        Assert.StartsWith("application/json-patch+json", patch.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("application/json", patch.Headers["Accept"]);
        Assert.False(string.IsNullOrEmpty(patch.BearerToken));

        var ops = JsonDocument.Parse(patch.Body).RootElement.EnumerateArray().ToDictionary(
            op => op.GetProperty("path").GetString()!, op => op);
        Assert.All(ops.Values, op => Assert.Equal("replace", op.GetProperty("op").GetString()));
        Assert.Equal(ProfileForms.Name, host.Keys.Decrypt(ops["/name"].GetProperty("value").GetString()!));
        Assert.Equal(ProfileForms.Email, host.Keys.Decrypt(ops["/email"].GetProperty("value").GetString()!));
        Assert.Equal(ProfileForms.Phone, host.Keys.Decrypt(ops["/phone"].GetProperty("value").GetString()!));
        Assert.True(ops.ContainsKey("/lastUpdated"));
        Assert.DoesNotContain(ProfileForms.Email, Encoding.UTF8.GetString(patch.Body), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Form_post_reaches_Genesys_as_external_contact_changes_in_the_seed_compatible_envelope(string encoding)
    {
        await using var host = await GatewayHost.StartAsync(
            emulator => emulator.CreateContactsOnFirstWrite = true,
            settings: new Dictionary<string, string?>
            {
                ["Profiles:contacts:Dialect"] = "external-contacts",
                ["Profiles:contacts:Envelope"] = "SeedCompatible",
                ["Profiles:contacts:GuestIdField"] = "contactId",
                ["Profiles:contacts:GuestIdFormat"] = "Token",
                ["Profiles:contacts:Fields:name:Target"] = "$.customFields.nameEnc",
                ["Profiles:contacts:Fields:email:Target"] = "$.customFields.emailEnc",
                ["Profiles:contacts:Fields:email:Format"] = "Email",
                ["Profiles:contacts:Fields:phone:Target"] = "$.customFields.phoneEnc",
                ["Profiles:contacts:Fields:phone:Format"] = "PhoneE164",
            },
            proxyJson: GatewayHost.DefaultProxyJson.Replace("\"GuestProfilePatch\": \"default\"", "\"GuestProfilePatch\": \"contacts\"", StringComparison.Ordinal));
        var fields = new Dictionary<string, string>
        {
            ["contactId"] = "contact-7",
            ["name"] = ProfileForms.Name,
            ["email"] = ProfileForms.Email,
            ["phone"] = ProfileForms.Phone,
        };
        var content = encoding switch
        {
            "urlencoded" => ProfileForms.UrlEncoded(fields),
            "multipart" => ProfileForms.Multipart(fields),
            _ => ProfileForms.Json(fields),
        };

        using var response = await host.Client.PostAsync("/api/profile-sync", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        Assert.Equal("/api/v2/externalcontacts/contacts/contact-7", patch.Path);
        Assert.StartsWith("application/json", patch.Headers["Content-Type"], StringComparison.Ordinal);
        var changes = JsonDocument.Parse(patch.Body).RootElement.GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("field").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.Equal(ProfileForms.Name, SeedDecrypt(changes["$.customFields.nameEnc"], host.Keys.Key));
        Assert.Equal(ProfileForms.Email, SeedDecrypt(changes["$.customFields.emailEnc"], host.Keys.Key));
        Assert.Equal(ProfileForms.Phone, SeedDecrypt(changes["$.customFields.phoneEnc"], host.Keys.Key));
        Assert.NotNull(host.Emulator.GetContact("contact-7")?["customFields"]?["emailEnc"]);
    }

    private static string SeedDecrypt(string value, byte[] key)
    {
        var bytes = Convert.FromBase64String(value);
        var plaintext = new byte[bytes.Length - 28];
        using var aes = new System.Security.Cryptography.AesGcm(key, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, plaintext.Length), bytes.AsSpan(bytes.Length - 16), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }

    [Fact]
    public async Task Stored_guest_holds_ciphertext_not_the_submitted_values()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var guest = host.Emulator.GetGuest(fields["guestId"]);
        Assert.NotNull(guest);
        var stored = guest.ToJsonString();
        Assert.DoesNotContain(ProfileForms.Name, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileForms.Email, stored, StringComparison.Ordinal);
        Assert.Equal(ProfileForms.Email, host.Keys.Decrypt(guest["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Nonces_differ_per_field_and_per_request()
    {
        await using var host = await GatewayHost.StartAsync();
        var guestId = Guid.NewGuid().ToString();

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid(guestId)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var ivs = host.Emulator.ReceivedRequests.Where(r => r.Method == "PATCH")
            .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray())
            .Where(op => op.GetProperty("path").GetString() != "/lastUpdated")
            .Select(op => op.GetProperty("value").GetString()!.Split('.')[2])
            .ToList();
        Assert.Equal(9, ivs.Count);
        Assert.Equal(9, ivs.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Browser_cookies_authorization_and_origin_never_reach_Genesys()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Profiles:default:AllowedOrigins:0"] = "https://site.example" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        request.Headers.Add("Cookie", "session=browser-session-cookie");
        request.Headers.Add("Authorization", "Bearer browser-held-token");
        request.Headers.Add("Origin", "https://site.example");
        request.Headers.Add("Referer", "https://site.example/profile");
        request.Headers.Add("X-Site-Header", "site-only");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        Assert.DoesNotContain(patch.Headers.Keys, h => h.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(patch.Headers.Keys, h => h.Equals("Origin", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(patch.Headers.Keys, h => h.Equals("Referer", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(patch.Headers.Keys, h => h.Equals("X-Site-Header", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(patch.Headers.Keys, h => h.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual("browser-held-token", patch.BearerToken);
        Assert.DoesNotContain("browser", patch.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_to_the_browser_never_carries_the_Genesys_body()
    {
        await using var host = await GatewayHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("lastUpdated", body, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", body, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.True(response.Headers.Contains("X-Correlation-Id"));
    }
}

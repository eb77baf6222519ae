using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Proxy;

/// <summary>The contacts-enrich dialect through the gateway and the emulator, whose contact schema is configured.</summary>
public sealed class ContactsEnrichEndToEndTests
{
    private const string EnrichPath = "/api/v2/externalcontacts/contacts/enrich";

    private static readonly string EnrichProxyJson =
        GatewayHost.DefaultProxyJson.Replace("\"GuestProfilePatch\": \"default\"", "\"GuestProfilePatch\": \"web\"", StringComparison.Ordinal);

    [Fact]
    public async Task New_visitor_creates_a_contact_and_the_browser_is_told_synced()
    {
        await using var host = await StartAsync();
        var visitor = Guid.NewGuid().ToString();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(Form(visitor, "Ada")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("synced", answer.RootElement.GetProperty("status").GetString());
        var enrich = Assert.Single(host.Emulator.ReceivedRequests, r => r.Path == EnrichPath);
        Assert.Equal("POST", enrich.Method);
        Assert.Equal(201, enrich.Status);
        Assert.StartsWith("application/json", enrich.Headers["Content-Type"], StringComparison.Ordinal);
        var body = JsonNode.Parse(enrich.Body)!;
        Assert.Equal("Cookie", (string?)body["matchingIdentifiers"]![0]!["type"]);
        Assert.Equal(visitor, (string?)body["matchingIdentifiers"]![0]!["value"]);
        Assert.Equal("Upsert", (string?)body["action"]);
        Assert.Equal("PreferProvided", (string?)body["fieldRules"]!["defaultAction"]);
        Assert.Equal("schema-1", (string?)body["contact"]!["schema"]!["id"]);
        Assert.Equal(2, (int?)body["contact"]!["schema"]!["version"]);
        Assert.NotNull(await LookUpAsync(host, visitor));
    }

    [Fact]
    public async Task Second_post_of_the_same_visitor_updates_the_same_contact()
    {
        await using var host = await StartAsync();
        var visitor = Guid.NewGuid().ToString();
        using var first = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(Form(visitor, "Ada")));
        var created = await LookUpAsync(host, visitor);

        using var second = await host.Client.PostAsync("/api/profile-sync", ProfileForms.Json(Form(visitor, "Augusta")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal([201, 200], host.Emulator.ReceivedRequests.Where(r => r.Path == EnrichPath).Select(r => r.Status));
        var updated = await LookUpAsync(host, visitor);
        Assert.Equal((string?)created!["id"], (string?)updated!["id"]);
        Assert.Equal("Augusta", (string?)updated["firstName"]);
    }

    [Fact]
    public async Task Encrypted_custom_fields_decrypt_to_what_was_typed_and_plain_fields_arrive_as_typed()
    {
        await using var host = await StartAsync();
        var visitor = Guid.NewGuid().ToString();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.Multipart(Form(visitor, "Ada Łovelace")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contact = (await LookUpAsync(host, visitor))!;
        Assert.Equal("Ada Łovelace", (string?)contact["firstName"]);
        var email = (string)contact["customFields"]!["emailEnc"]!;
        var phone = (string)contact["customFields"]!["phoneEnc"]!;
        Assert.Equal(ProfileForms.Email, host.Keys.Decrypt(email));
        Assert.Equal(ProfileForms.Phone, host.Keys.Decrypt(phone));
        Assert.Equal("$.customFields.emailEnc", JweReader.Header(email).GetProperty("fld").GetString());
        Assert.Equal(visitor, JweReader.Header(email).GetProperty("gid").GetString());
        var sent = Encoding.UTF8.GetString(host.Emulator.ReceivedRequests.Single(r => r.Path == EnrichPath).Body);
        Assert.DoesNotContain(ProfileForms.Email, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileForms.Phone, sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_the_emulator_schema_refuses_comes_back_to_the_browser_as_422_naming_the_form_field()
    {
        await using var host = await StartAsync(
            extra: new Dictionary<string, string?>
            {
                ["Profiles:web:Fields:tier:Target"] = "$.customFields.tier",
                ["Profiles:web:Fields:tier:Encrypt"] = "false",
                ["Profiles:web:Fields:tier:MaxLength"] = "20",
            });
        var form = Form(Guid.NewGuid().ToString(), "Ada");
        form["tier"] = "gold";

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(form));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(400, host.Emulator.ReceivedRequests.Single(r => r.Path == EnrichPath).Status);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["tier"], errors.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("gold", problem.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Visitor_id_that_is_not_a_cookie_id_is_refused_before_anything_is_sent()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(Form("customer-42", "Ada")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Messenger cookie id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.Path == EnrichPath);
    }

    [Fact]
    public async Task Encrypted_field_whose_longest_envelope_does_not_fit_fails_the_start_naming_the_field()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Profiles:web:Fields:email:MaxLength"] = "254" });

        var message = await StartFailure.MessagesAsync(() => host.NewFactory());

        Assert.Contains("Profiles:web:Fields:email can produce a Jwe envelope of 1297 characters (MaxLength 254)", message, StringComparison.Ordinal);
        Assert.Contains("over the 1000 of a LongText custom field ('$.customFields.emailEnc'): set MaxLength to at most 179", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Longest_allowed_value_fits_the_emulator_long_text_field()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Profiles:web:Fields:email:MaxLength"] = "179" });
        var visitor = Guid.NewGuid().ToString();
        var form = Form(visitor, "Ada");
        // 179 characters of 3 UTF-8 bytes each where the address allows letters: the worst the start check sized for.
        form["email"] = new string('\u4e2d', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('\u4e2d', 55), 2)) + ".fr";

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(179, form["email"].Length);
        var stored = (string)(await LookUpAsync(host, visitor))!["customFields"]!["emailEnc"]!;
        Assert.InRange(stored.Length, 900, 1000); // the test key's kid is shorter than the 64 characters the check allows for
        Assert.Equal(form["email"], host.Keys.Decrypt(stored));
    }

    internal static Dictionary<string, string> Form(string visitor, string name) => new()
    {
        ["guestId"] = visitor,
        ["name"] = name,
        ["email"] = ProfileForms.Email,
        ["phone"] = ProfileForms.Phone,
    };

    /// <summary>A contacts-enrich profile <c>web</c> for a Messenger cookie id, as the README shows it.</summary>
    internal static Dictionary<string, string?> WebProfile() => new()
    {
        ["Profiles:web:Dialect"] = "contacts-enrich",
        ["Profiles:web:Enrich:SchemaId"] = "schema-1",
        ["Profiles:web:Enrich:SchemaVersion"] = "2",
        ["Profiles:web:Enrich:CustomFields:emailEnc"] = "LongText",
        ["Profiles:web:Enrich:CustomFields:phoneEnc"] = "LongText",
        ["Profiles:web:Enrich:CustomFields:tier"] = "Text",
        ["Profiles:web:Fields:name:Target"] = "$.firstName",
        ["Profiles:web:Fields:name:Encrypt"] = "false",
        ["Profiles:web:Fields:name:MaxLength"] = "200",
        ["Profiles:web:Fields:email:Target"] = "$.customFields.emailEnc",
        ["Profiles:web:Fields:email:Format"] = "Email",
        ["Profiles:web:Fields:email:MaxLength"] = "150",
        ["Profiles:web:Fields:phone:Target"] = "$.customFields.phoneEnc",
        ["Profiles:web:Fields:phone:Format"] = "PhoneE164",
        ["Profiles:web:Fields:phone:MaxLength"] = "32",
    };

    private static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = WebProfile();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return await GatewayHost.StartAsync(
            emulator =>
            {
                emulator.ContactCustomFields["emailEnc"] = "longtext";
                emulator.ContactCustomFields["phoneEnc"] = "longtext";
            },
            settings,
            EnrichProxyJson);
    }

    /// <summary>The contact claiming the cookie id, read from the emulator's identifier lookup as a backend would.</summary>
    private static async Task<JsonNode?> LookUpAsync(GatewayHost host, string visitor)
    {
        using var http = new HttpClient { BaseAddress = host.Emulator.BaseAddress };
        using var login = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        login.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{GatewayHost.ClientId}:{GatewayHost.ClientSecret}")));
        using var token = await http.SendAsync(login);
        var accessToken = (string)JsonNode.Parse(await token.Content.ReadAsStringAsync())!["access_token"]!;
        using var lookup = new HttpRequestMessage(HttpMethod.Post, "api/v2/externalcontacts/identifierlookup/contacts")
        {
            Content = new StringContent($$"""{"type":"Cookie","value":"{{visitor}}"}""", Encoding.UTF8, "application/json"),
        };
        lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var found = await http.SendAsync(lookup);
        return found.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await found.Content.ReadAsStringAsync()) : null;
    }
}

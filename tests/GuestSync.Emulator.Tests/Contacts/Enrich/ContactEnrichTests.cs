using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Contacts.Enrich;

public sealed class ContactEnrichTests : EmulatorTestBase
{
    private const string EnrichPath = "/api/v2/externalcontacts/contacts/enrich";

    protected override void Configure(EmulatorOptions options) => options.ContactCustomFields = new() { ["nameEnc"] = "longtext", ["tier"] = "text" };

    [Fact]
    public async Task Upsert_creates_with_201_then_updates_the_same_contact_with_200_and_get_and_lookup_show_it()
    {
        var token = await Harness.GetTokenAsync();

        using var created = await EnrichAsync(token, Request("ck-1", """{"firstName":"Ada","customFields":{"nameEnc":"jwe-1"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await ReadJsonAsync(created);
        var id = first["id"]!.GetValue<string>();
        Assert.Equal("/api/v2/externalcontacts/contacts/" + id, first["selfUri"]!.GetValue<string>());
        Assert.Equal("Cookie", first["identifiers"]![0]!["type"]!.GetValue<string>());

        Harness.Time.Advance(TimeSpan.FromSeconds(3));
        using var updated = await EnrichAsync(token, Request("ck-1", """{"lastName":"Lovelace","customFields":{"tier":"gold"}}"""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var second = await ReadJsonAsync(updated);
        Assert.Equal(id, second["id"]!.GetValue<string>());
        Assert.Equal("Ada", second["firstName"]!.GetValue<string>());
        Assert.Equal("jwe-1", second["customFields"]!["nameEnc"]!.GetValue<string>());
        Assert.Equal("gold", second["customFields"]!["tier"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:03.000Z", second["modifyDate"]!.GetValue<string>());

        using var get = await Harness.SendAsync(HttpMethod.Get, "/api/v2/externalcontacts/contacts/" + id, token);
        Assert.True(JsonNode.DeepEquals(second, await ReadJsonAsync(get)));

        using var lookup = await Harness.SendAsync(HttpMethod.Post, "/api/v2/externalcontacts/identifierlookup/contacts", token, """{"type":"Cookie","value":"ck-1"}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(id, (await ReadJsonAsync(lookup))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Identifiers_are_looked_up_in_order_and_the_match_claims_the_new_ones()
    {
        var token = await Harness.GetTokenAsync();
        using var created = await EnrichAsync(token, Request("ck-1", """{"firstName":"Ada"}"""));
        var id = (await ReadJsonAsync(created))["id"]!.GetValue<string>();

        using var matched = await EnrichAsync(token, """{"matchingIdentifiers":[{"type":"ExternalId","value":"cust-9"},{"type":"Cookie","value":"ck-1"}],"action":"Upsert"}""");

        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        using var lookup = await Harness.SendAsync(HttpMethod.Post, "/api/v2/externalcontacts/identifierlookup/contacts", token, """{"type":"ExternalId","value":"cust-9"}""", "application/json");
        Assert.Equal(id, (await ReadJsonAsync(lookup))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_on_an_existing_match_is_409_and_Update_without_one_is_404()
    {
        var token = await Harness.GetTokenAsync();
        using var created = await EnrichAsync(token, Request("ck-1", """{"firstName":"Ada"}""", action: "Insert"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var insertAgain = await EnrichAsync(token, Request("ck-1", """{"firstName":"Grace"}""", action: "Insert"));
        using var updateNone = await EnrichAsync(token, Request("ck-2", """{"firstName":"Grace"}""", action: "Update"));

        await AssertGenesysErrorAsync(insertAgain, 409, "conflict");
        await AssertGenesysErrorAsync(updateNone, 404, "not.found");
    }

    [Theory]
    [InlineData("PreferProvided", "Grace", "Dr")]
    [InlineData("PreferExisting", "Ada", "Dr")]
    [InlineData("AlwaysUseProvided", "Grace", null)]
    public async Task Field_rules_decide_what_wins(string defaultAction, string expectedFirstName, string? expectedTitle)
    {
        var token = await Harness.GetTokenAsync();
        using var created = await EnrichAsync(token, Request("ck-1", """{"firstName":"Ada","title":"Dr"}"""));

        using var updated = await EnrichAsync(token, $$$"""
            {"matchingIdentifiers":[{"type":"Cookie","value":"ck-1"}],"action":"Upsert",
             "contact":{"firstName":"Grace"},"fieldRules":{"defaultAction":"{{{defaultAction}}}"}}
            """);

        var contact = await ReadJsonAsync(updated);
        Assert.Equal(expectedFirstName, contact["firstName"]!.GetValue<string>());
        Assert.Equal(expectedTitle, contact["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task Per_field_rule_overrides_the_default()
    {
        var token = await Harness.GetTokenAsync();
        using var created = await EnrichAsync(token, Request("ck-1", """{"firstName":"Ada","lastName":"Byron"}"""));

        using var updated = await EnrichAsync(token, """
            {"matchingIdentifiers":[{"type":"Cookie","value":"ck-1"}],"action":"Upsert",
             "contact":{"firstName":"Grace","lastName":"Lovelace"},
             "fieldRules":{"defaultAction":"PreferProvided","rules":[{"field":"firstName","action":"PreferExisting"}]}}
            """);

        var contact = await ReadJsonAsync(updated);
        Assert.Equal("Ada", contact["firstName"]!.GetValue<string>());
        Assert.Equal("Lovelace", contact["lastName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"customFields":{"colour":"red"}}""", "contact.customFields.colour")]
    [InlineData("""{"workEmail":"nope"}""", "contact.workEmail")]
    [InlineData("""{"id":"mine"}""", "contact.id")]
    public async Task Contact_Genesys_refuses_is_400_naming_the_field(string contact, string fieldName)
    {
        using var response = await EnrichAsync(await Harness.GetTokenAsync(), Request("ck-1", contact));

        await AssertFieldErrorAsync(response, fieldName);
    }

    [Fact]
    public async Task Custom_field_longer_than_its_schema_type_is_400_naming_it()
    {
        using var response = await EnrichAsync(await Harness.GetTokenAsync(), Request("ck-1", $$$"""{"customFields":{"nameEnc":"{{{new string('x', 1001)}}}"}}"""));

        await AssertFieldErrorAsync(response, "contact.customFields.nameEnc");
    }

    [Theory]
    [InlineData("""{"matchingIdentifiers":[],"action":"Upsert"}""", "matchingIdentifiers")]
    [InlineData("""{"matchingIdentifiers":[{"type":"Fingerprint","value":"x"}],"action":"Upsert"}""", "matchingIdentifiers[0].type")]
    [InlineData("""{"matchingIdentifiers":[{"type":"Phone","value":"0207946"}],"action":"Upsert"}""", "matchingIdentifiers[0].value")]
    [InlineData("""{"matchingIdentifiers":[{"type":"Cookie","value":"c"}],"action":"Replace"}""", "action")]
    [InlineData("""{"matchingIdentifiers":[{"type":"Cookie","value":"c"}]}""", "action")]
    [InlineData("""{"matchingIdentifiers":[{"type":"Cookie","value":"c"}],"action":"Upsert","fieldRules":{"defaultAction":"Sometimes"}}""", "fieldRules.defaultAction")]
    [InlineData("""{"matchingIdentifiers":[{"type":"Cookie","value":"c"}],"action":"Upsert","extra":1}""", "extra")]
    public async Task Invalid_enrich_request_is_400_naming_the_field(string body, string fieldName)
    {
        using var response = await EnrichAsync(await Harness.GetTokenAsync(), body);

        await AssertFieldErrorAsync(response, fieldName);
    }

    [Fact]
    public async Task Identifier_value_of_256_characters_is_refused()
    {
        using var response = await EnrichAsync(await Harness.GetTokenAsync(), Request(new string('c', 256), "{}"));

        await AssertFieldErrorAsync(response, "matchingIdentifiers[0].value");
    }

    [Fact]
    public async Task Dry_run_answers_the_outcome_and_stores_nothing()
    {
        var token = await Harness.GetTokenAsync();
        using var response = await Harness.SendAsync(HttpMethod.Post, EnrichPath + "?dryRun=true", token, Request("ck-1", """{"firstName":"Ada"}"""), "application/json");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var lookup = await Harness.SendAsync(HttpMethod.Post, "/api/v2/externalcontacts/identifierlookup/contacts", token, """{"type":"Cookie","value":"ck-1"}""", "application/json");
        await AssertGenesysErrorAsync(lookup, 404, "not.found");
    }

    [Fact]
    public async Task Enrich_needs_post_a_token_and_json()
    {
        var token = await Harness.GetTokenAsync();
        using var get = await Harness.SendAsync(HttpMethod.Get, EnrichPath, token);
        using var anonymous = await Harness.SendAsync(HttpMethod.Post, EnrichPath, null, Request("ck-1", "{}"), "application/json");
        using var form = await Harness.SendAsync(HttpMethod.Post, EnrichPath, token, "a=b", "application/x-www-form-urlencoded");

        await AssertGenesysErrorAsync(get, 405, "method.not.allowed");
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
        await AssertGenesysErrorAsync(anonymous, 401, "authentication.required");
        await AssertGenesysErrorAsync(form, 415, "unsupported.media.type");
    }

    internal static string Request(string cookie, string contact, string action = "Upsert") =>
        $$"""{"matchingIdentifiers":[{"type":"Cookie","value":"{{cookie}}"}],"action":"{{action}}","contact":{{contact}}}""";

    private Task<HttpResponseMessage> EnrichAsync(string token, string body) =>
        Harness.SendAsync(HttpMethod.Post, EnrichPath, token, body, "application/json");
}

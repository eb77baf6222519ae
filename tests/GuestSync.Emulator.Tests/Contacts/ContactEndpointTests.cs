using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Contacts;

public sealed class ContactEndpointTests : EmulatorTestBase
{
    private const string Original = """{"id":"c1","firstName":"Ada","workEmail":"","title":null,"customFields":{"tier":"gold"}}""";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.Emulator.PutContact("c1", Json(Original));
    }

    [Fact]
    public async Task Update_sets_top_level_and_custom_fields_and_returns_the_contact()
    {
        using var response = await PatchAsync("""
            {"changes":[{"field":"$.firstName","value":"Grace","action":"Update"},
                        {"field":"$.customFields.x","value":"enc:abc","action":"Update"},
                        {"field":"$.address.city","value":"London","action":"Update"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contact = await ReadJsonAsync(response);
        Assert.Equal("Grace", contact["firstName"]!.GetValue<string>());
        Assert.Equal("enc:abc", contact["customFields"]!["x"]!.GetValue<string>());
        Assert.Equal("gold", contact["customFields"]!["tier"]!.GetValue<string>());
        Assert.Equal("London", contact["address"]!["city"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(contact, Harness.Emulator.GetContact("c1")));
    }

    [Fact]
    public async Task UpdateIfEmpty_sets_only_missing_null_or_empty_fields()
    {
        using var response = await PatchAsync("""
            {"changes":[{"field":"$.firstName","value":"Grace","action":"UpdateIfEmpty"},
                        {"field":"$.workEmail","value":"w@example.com","action":"UpdateIfEmpty"},
                        {"field":"$.title","value":"Dr","action":"UpdateIfEmpty"},
                        {"field":"$.lastName","value":"Lovelace","action":"UpdateIfEmpty"}]}
            """);

        var contact = await ReadJsonAsync(response);
        Assert.Equal("Ada", contact["firstName"]!.GetValue<string>());
        Assert.Equal("w@example.com", contact["workEmail"]!.GetValue<string>());
        Assert.Equal("Dr", contact["title"]!.GetValue<string>());
        Assert.Equal("Lovelace", contact["lastName"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateIfExists_sets_only_present_fields()
    {
        using var response = await PatchAsync("""
            {"changes":[{"field":"$.firstName","value":"Grace","action":"UpdateIfExists"},
                        {"field":"$.lastName","value":"Hopper","action":"UpdateIfExists"},
                        {"field":"$.title","value":"Dr","action":"UpdateIfExists"},
                        {"field":"$.address.city","value":"NYC","action":"UpdateIfExists"}]}
            """);

        var contact = await ReadJsonAsync(response);
        Assert.Equal("Grace", contact["firstName"]!.GetValue<string>());
        Assert.False(contact.ContainsKey("lastName"));
        Assert.Null(contact["title"]);
        Assert.False(contact.ContainsKey("address"));
    }

    [Fact]
    public async Task Remove_deletes_the_field_and_ignores_missing_ones()
    {
        using var response = await PatchAsync("""{"changes":[{"field":"$.customFields.tier","action":"Remove"},{"field":"$.address.city","action":"Remove"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Harness.Emulator.GetContact("c1")!["customFields"]!.AsObject());
    }

    [Theory]
    [InlineData("$.customFields", "$.customFields.x")]
    [InlineData("$.customFields.x", "$.customFields")]
    [InlineData("$.a", "$.a.b.c")]
    [InlineData("$.firstName", "$.firstName")]
    public async Task Field_and_its_parent_in_one_request_is_409_and_changes_nothing(string first, string second)
    {
        using var response = await PatchAsync($$"""{"changes":[{"field":"{{first}}","value":"1","action":"Update"},{"field":"{{second}}","value":"2","action":"Update"}]}""");

        await AssertGenesysErrorAsync(response, 409, "conflict");
        Assert.True(JsonNode.DeepEquals(Json(Original), Harness.Emulator.GetContact("c1")));
    }

    [Fact]
    public async Task Change_that_cannot_apply_rejects_every_change_in_the_request()
    {
        using var response = await PatchAsync("""{"changes":[{"field":"$.lastName","value":"Hopper","action":"Update"},{"field":"$.firstName.x","value":"1","action":"Update"}]}""");

        await AssertFieldErrorAsync(response, "firstName");
        Assert.True(JsonNode.DeepEquals(Json(Original), Harness.Emulator.GetContact("c1")));
    }

    [Theory]
    [InlineData("""{"changes":[]}""")]
    [InlineData("""{"changes":{}}""")]
    [InlineData("""[{"field":"$.firstName","value":"1","action":"Update"}]""")]
    [InlineData("""{"changes":[{"field":"firstName","value":"1","action":"Update"}]}""")]
    [InlineData("""{"changes":[{"field":"$","value":"1","action":"Update"}]}""")]
    [InlineData("""{"changes":[{"field":"$..a","value":"1","action":"Update"}]}""")]
    [InlineData("""{"changes":[{"field":"$.a[0]","value":"1","action":"Update"}]}""")]
    [InlineData("""{"changes":[{"field":"$.1a","value":"1","action":"Update"}]}""")]
    [InlineData("""{"changes":[{"field":"$.firstName","value":"1","action":"update"}]}""")]
    [InlineData("""{"changes":[{"field":"$.firstName","action":"Update"}]}""")]
    [InlineData("""{"changes":[{"field":7,"value":"1","action":"Update"}]}""")]
    [InlineData("""{"changes":[null]}""")]
    [InlineData("""{"changes":[{"field":"$.firstName","value":"1","action":"Update"}],"changes":[]}""")]
    public async Task Invalid_change_bodies_are_400_and_change_nothing(string body)
    {
        using var response = await PatchAsync(body);

        await AssertGenesysErrorAsync(response, 400, "bad.request");
        Assert.True(JsonNode.DeepEquals(Json(Original), Harness.Emulator.GetContact("c1")));
    }

    [Fact]
    public async Task Patch_with_json_patch_media_type_is_415()
    {
        using var response = await Harness.PatchContactAsync("c1", """{"changes":[]}""", await Harness.GetTokenAsync(), JsonPatchMediaType);

        await AssertGenesysErrorAsync(response, 415, "unsupported.media.type");
    }

    [Fact]
    public async Task Unknown_contact_is_404()
    {
        using var response = await Harness.PatchContactAsync("nobody", """{"changes":[{"field":"$.firstName","value":"1","action":"Update"}]}""", await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 404, "not.found");
    }

    [Fact]
    public async Task Get_returns_the_contact_and_needs_a_token()
    {
        using var unauthorized = await Harness.SendAsync(HttpMethod.Get, "/api/v2/externalcontacts/contacts/c1", token: null);
        await AssertGenesysErrorAsync(unauthorized, 401, "authentication.required");

        using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/externalcontacts/contacts/c1", await Harness.GetTokenAsync());
        Assert.True(JsonNode.DeepEquals(Json(Original), await ReadJsonAsync(response)));
    }

    private async Task<HttpResponseMessage> PatchAsync(string body) =>
        await Harness.PatchContactAsync("c1", body, await Harness.GetTokenAsync());

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}

public sealed class ContactCreateOnFirstWriteTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.CreateContactsOnFirstWrite = true;

    [Fact]
    public async Task Patch_to_an_unknown_contact_creates_it_with_its_id()
    {
        using var response = await Harness.PatchContactAsync("c9", """{"changes":[{"field":"$.firstName","value":"Ada","action":"Update"}]}""", await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contact = Harness.Emulator.GetContact("c9")!;
        Assert.Equal("c9", contact["id"]!.GetValue<string>());
        Assert.Equal("Ada", contact["firstName"]!.GetValue<string>());
    }
}

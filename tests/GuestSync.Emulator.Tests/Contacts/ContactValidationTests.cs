using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Contacts;

public sealed class ContactValidationTests : EmulatorTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.Emulator.PutContact("c1", new JsonObject { ["id"] = "c1", ["firstName"] = "Ada" });
    }

    [Theory]
    [InlineData("$.favouriteColour", "\"blue\"", "favouriteColour")]
    [InlineData("$.firstName", "{\"given\":\"Ada\"}", "firstName")]
    [InlineData("$.surveyOptOut", "\"yes\"", "surveyOptOut")]
    [InlineData("$.workEmail", "\"not-an-email\"", "workEmail")]
    [InlineData("$.personalEmail", "\"ada@\"", "personalEmail")]
    [InlineData("$.cellPhone.e164", "\"0044 20 7946\"", "cellPhone.e164")]
    [InlineData("$.workPhone", "{\"display\":\"call me\"}", "workPhone.display")]
    [InlineData("$.workPhone", "{\"e164\":\"+442079460000\",\"colour\":\"red\"}", "workPhone.colour")]
    [InlineData("$.address.planet", "\"Earth\"", "address.planet")]
    [InlineData("$.type", "\"Important\"", "type")]
    [InlineData("$.customFields.nested", "{\"a\":1}", "customFields.nested")]
    public async Task Patch_with_a_field_Genesys_refuses_is_400_naming_the_field_and_changes_nothing(string field, string value, string fieldName)
    {
        var before = Harness.Emulator.GetContact("c1");

        using var response = await PatchAsync($$"""{"changes":[{"field":"{{field}}","value":{{value}},"action":"Update"}]}""");

        await AssertFieldErrorAsync(response, fieldName);
        Assert.True(JsonNode.DeepEquals(before, Harness.Emulator.GetContact("c1")));
    }

    [Theory]
    [InlineData("$.id")]
    [InlineData("$.selfUri")]
    [InlineData("$.createDate")]
    [InlineData("$.modifyDate")]
    public async Task Writing_a_server_managed_field_is_400_naming_it(string field)
    {
        using var response = await PatchAsync($$"""{"changes":[{"field":"{{field}}","value":"x","action":"Update"}]}""");

        var body = await AssertFieldErrorAsync(response, field[2..]);
        Assert.Equal("read.only.field", body["details"]![0]!["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_refused_field_of_a_request_is_named()
    {
        using var response = await PatchAsync("""
            {"changes":[{"field":"$.workEmail","value":"nope","action":"Update"},
                        {"field":"$.surveyOptOut","value":"no","action":"Update"}]}
            """);

        await AssertFieldErrorAsync(response, "workEmail", "surveyOptOut");
    }

    [Fact]
    public async Task Valid_typed_fields_are_accepted()
    {
        using var response = await PatchAsync("""
            {"changes":[{"field":"$.workEmail","value":"ada@example.org","action":"Update"},
                        {"field":"$.cellPhone","value":{"display":"+44 20 7946 0000","e164":"+442079460000","acceptsSMS":true},"action":"Update"},
                        {"field":"$.surveyOptOut","value":false,"action":"Update"},
                        {"field":"$.address.city","value":"London","action":"Update"},
                        {"field":"$.customFields.tier","value":"gold","action":"Update"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("+442079460000", Harness.Emulator.GetContact("c1")!["cellPhone"]!["e164"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> PatchAsync(string body) =>
        await Harness.PatchContactAsync("c1", body, await Harness.GetTokenAsync());
}

public sealed class ContactSchemaValidationTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.ContactCustomFields = new()
    {
        ["nameEnc"] = "longtext",
        ["tier"] = "text",
        ["visits"] = "integer",
        ["tags"] = "tag",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.Emulator.PutContact("c1", new JsonObject { ["id"] = "c1" });
    }

    [Theory]
    [InlineData("unknownKey", "\"x\"", "customFields.unknownKey")]
    [InlineData("visits", "\"many\"", "customFields.visits")]
    [InlineData("visits", "1.5", "customFields.visits")]
    public async Task Custom_field_outside_the_schema_is_400_naming_it(string key, string value, string fieldName)
    {
        using var response = await Harness.PatchContactAsync("c1", $$"""{"changes":[{"field":"$.customFields.{{key}}","value":{{value}},"action":"Update"}]}""", await Harness.GetTokenAsync());

        await AssertFieldErrorAsync(response, fieldName);
    }

    [Fact]
    public async Task Text_field_takes_100_characters_and_not_101()
    {
        var token = await Harness.GetTokenAsync();
        using var fits = await Harness.PatchContactAsync("c1", $$"""{"changes":[{"field":"$.customFields.tier","value":"{{new string('a', 100)}}","action":"Update"}]}""", token);
        using var tooLong = await Harness.PatchContactAsync("c1", $$"""{"changes":[{"field":"$.customFields.tier","value":"{{new string('a', 101)}}","action":"Update"}]}""", token);

        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        await AssertFieldErrorAsync(tooLong, "customFields.tier");
    }

    [Fact]
    public async Task Long_text_field_takes_1000_characters_and_not_1001()
    {
        var token = await Harness.GetTokenAsync();
        using var fits = await Harness.PatchContactAsync("c1", $$"""{"changes":[{"field":"$.customFields.nameEnc","value":"{{new string('a', 1000)}}","action":"Update"}]}""", token);
        using var tooLong = await Harness.PatchContactAsync("c1", $$"""{"changes":[{"field":"$.customFields.nameEnc","value":"{{new string('a', 1001)}}","action":"Update"}]}""", token);

        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var body = await AssertFieldErrorAsync(tooLong, "customFields.nameEnc");
        Assert.Equal("value.too.long", body["details"]![0]!["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_custom_field_type_fails_the_start_naming_the_setting()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            GenesysEmulator.StartAsync(new EmulatorOptions { ContactCustomFields = new() { ["x"] = "blob" } }).GetAwaiter().GetResult());

        Assert.Contains("Emulator:ContactCustomFields:x", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Guests;

public sealed class GuestEndpointTests : EmulatorTestBase
{
    private const string GuestPath = "/api/v2/guests/guest-1";

    [Fact]
    public async Task Patch_applies_every_operation_and_returns_the_updated_guest()
    {
        Harness.Emulator.PutGuest("guest-1", Json("""{"firstName":"Ada","tags":["a"],"old":1,"address":{"city":"London"}}"""));
        const string Patch = """
            [{"op":"test","path":"/firstName","value":"Ada"},
             {"op":"replace","path":"/firstName","value":"Grace"},
             {"op":"add","path":"/tags/-","value":"b"},
             {"op":"remove","path":"/old"},
             {"op":"copy","from":"/address/city","path":"/birthplace"},
             {"op":"move","from":"/address","path":"/home"}]
            """;

        using var response = await Harness.PatchGuestAsync("guest-1", Patch, await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = Json("""{"firstName":"Grace","tags":["a","b"],"birthplace":"London","home":{"city":"London"}}""");
        Assert.True(JsonNode.DeepEquals(expected, await ReadJsonAsync(response)));
        Assert.True(JsonNode.DeepEquals(expected, Harness.Emulator.GetGuest("guest-1")));
    }

    [Fact]
    public async Task Get_returns_the_stored_guest()
    {
        Harness.Emulator.PutGuest("guest-1", Json("""{"firstName":"Ada"}"""));

        using var response = await Harness.SendAsync(HttpMethod.Get, GuestPath, await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ada", (await ReadJsonAsync(response))["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_whose_third_op_fails_leaves_guest_unchanged()
    {
        Harness.Emulator.PutGuest("guest-1", Json("""{"firstName":"Ada","email":"ada@example.com"}"""));
        const string Patch = """
            [{"op":"replace","path":"/firstName","value":"Grace"},
             {"op":"remove","path":"/email"},
             {"op":"replace","path":"/missing","value":1},
             {"op":"add","path":"/late","value":true}]
            """;

        using var response = await Harness.PatchGuestAsync("guest-1", Patch, await Harness.GetTokenAsync());

        var error = await AssertGenesysErrorAsync(response, 400, "bad.request");
        Assert.Contains("operation 2", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(Json("""{"firstName":"Ada","email":"ada@example.com"}"""), Harness.Emulator.GetGuest("guest-1")));
    }

    [Fact]
    public async Task Failing_test_op_rejects_the_whole_patch()
    {
        Harness.Emulator.PutGuest("guest-1", Json("""{"version":1}"""));

        using var response = await Harness.PatchGuestAsync("guest-1", """[{"op":"replace","path":"/version","value":2},{"op":"test","path":"/version","value":1}]""", await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 400, "bad.request");
        Assert.Equal(1, Harness.Emulator.GetGuest("guest-1")!["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"op\":\"add\",\"path\":\"/a\",\"value\":1}")]
    [InlineData("[{\"op\":\"spam\",\"path\":\"/a\"}]")]
    [InlineData("[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]")]
    [InlineData("[{\"op\":\"add\",\"path\":\"/a\"}]")]
    [InlineData("[{\"op\":\"add\",\"path\":\"/a\",\"path\":\"/b\",\"value\":1}]")]
    [InlineData("[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]")]
    [InlineData("[{\"op\":\"remove\",\"path\":\"\"}]")]
    public async Task Invalid_patch_documents_are_400_and_change_nothing(string patch)
    {
        Harness.Emulator.PutGuest("guest-1", Json("""{"firstName":"Ada"}"""));

        using var response = await Harness.PatchGuestAsync("guest-1", patch, await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 400, "bad.request");
        Assert.True(JsonNode.DeepEquals(Json("""{"firstName":"Ada"}"""), Harness.Emulator.GetGuest("guest-1")));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/json-patch+json; charset=iso-8859-1")]
    [InlineData(null)]
    public async Task Patch_without_the_json_patch_media_type_is_415(string? contentType)
    {
        Harness.Emulator.PutGuest("guest-1", new JsonObject());

        using var response = await Harness.PatchGuestAsync("guest-1", """[{"op":"add","path":"/a","value":1}]""", await Harness.GetTokenAsync(), contentType!);

        await AssertGenesysErrorAsync(response, 415, "unsupported.media.type");
        Assert.Empty(Harness.Emulator.GetGuest("guest-1")!);
    }

    [Fact]
    public async Task Json_patch_media_type_with_utf8_charset_is_accepted()
    {
        Harness.Emulator.PutGuest("guest-1", new JsonObject());

        using var response = await Harness.PatchGuestAsync("guest-1", """[{"op":"add","path":"/a","value":1}]""", await Harness.GetTokenAsync(), "application/json-patch+json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Patch_without_a_bearer_token_is_401_authentication_required()
    {
        using var response = await Harness.PatchGuestAsync("guest-1", "[]", token: null);

        await AssertGenesysErrorAsync(response, 401, "authentication.required");
    }

    [Fact]
    public async Task Patch_with_an_unknown_token_is_401_bad_credentials()
    {
        using var response = await Harness.PatchGuestAsync("guest-1", "[]", token: "made-up-token");

        await AssertGenesysErrorAsync(response, 401, "bad.credentials");
    }

    [Fact]
    public async Task Patch_to_an_unknown_guest_is_404()
    {
        using var response = await Harness.PatchGuestAsync("nobody", """[{"op":"add","path":"/a","value":1}]""", await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 404, "not.found");
        Assert.Null(Harness.Emulator.GetGuest("nobody"));
    }

    [Fact]
    public async Task Get_of_an_unknown_guest_is_404()
    {
        using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/nobody", await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 404, "not.found");
    }

    [Fact]
    public async Task Delete_on_a_guest_is_405()
    {
        using var response = await Harness.SendAsync(HttpMethod.Delete, GuestPath, await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 405, "method.not.allowed");
    }

    [Fact]
    public async Task Concurrent_patches_to_one_guest_are_all_applied()
    {
        Harness.Emulator.PutGuest("guest-1", Json("""{"visits":[]}"""));
        var token = await Harness.GetTokenAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Harness.PatchGuestAsync("guest-1", $$"""[{"op":"add","path":"/visits/-","value":{{i}}}]""", token)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var visits = Harness.Emulator.GetGuest("guest-1")!["visits"]!.AsArray().Select(v => v!.GetValue<int>()).Order();
        Assert.Equal(Enumerable.Range(0, 40), visits);
    }

    [Fact]
    public async Task Guest_id_with_escaped_characters_round_trips()
    {
        Harness.Emulator.PutGuest("guest 1", Json("""{"a":1}"""));

        using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/guest%201", await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}

public sealed class GuestCreateOnFirstWriteTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.CreateGuestsOnFirstWrite = true;

    [Fact]
    public async Task Patch_to_an_unknown_guest_creates_it_from_the_guest_template()
    {
        using var response = await Harness.PatchGuestAsync("new-guest", """[{"op":"add","path":"/firstName","value":"Ada"}]""", await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var guest = Harness.Emulator.GetGuest("new-guest")!;
        Assert.Equal("Ada", guest["firstName"]!.GetValue<string>());
        Assert.True(guest.ContainsKey("email"));
        Assert.Null(guest["email"]);
    }

    [Fact]
    public async Task Replace_of_a_schema_attribute_succeeds_on_a_guest_created_on_first_write()
    {
        using var response = await Harness.PatchGuestAsync("new-guest", """[{"op":"replace","path":"/email","value":"x"}]""", await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("x", Harness.Emulator.GetGuest("new-guest")!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failing_patch_to_an_unknown_guest_does_not_create_it()
    {
        using var response = await Harness.PatchGuestAsync("new-guest", """[{"op":"remove","path":"/firstName"}]""", await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 400, "bad.request");
        Assert.Null(Harness.Emulator.GetGuest("new-guest"));
    }
}

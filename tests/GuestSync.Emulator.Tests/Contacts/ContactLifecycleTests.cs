using System.Net;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Contacts;

public sealed class ContactLifecycleTests : EmulatorTestBase
{
    private const string Path = "/api/v2/externalcontacts/contacts/c1";

    protected override void Configure(EmulatorOptions options) => options.CreateContactsOnFirstWrite = true;

    [Fact]
    public async Task Contact_written_through_the_api_carries_id_selfUri_type_and_dates_and_modifyDate_moves_on_each_change()
    {
        var token = await Harness.GetTokenAsync();
        using var created = await PatchAsync(token, """{"changes":[{"field":"$.firstName","value":"Ada","action":"Update"}]}""");
        var first = await ReadJsonAsync(created);
        Assert.Equal("c1", first["id"]!.GetValue<string>());
        Assert.Equal(Path, first["selfUri"]!.GetValue<string>());
        Assert.Equal("Curated", first["type"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:00.000Z", first["createDate"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:00.000Z", first["modifyDate"]!.GetValue<string>());

        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        using var unchanged = await PatchAsync(token, """{"changes":[{"field":"$.firstName","value":"Grace","action":"UpdateIfEmpty"}]}""");
        Assert.Equal("2025-06-01T12:00:00.000Z", (await ReadJsonAsync(unchanged))["modifyDate"]!.GetValue<string>());

        using var changed = await PatchAsync(token, """{"changes":[{"field":"$.firstName","value":"Grace","action":"Update"}]}""");
        var second = await ReadJsonAsync(changed);
        Assert.Equal("2025-06-01T12:00:00.000Z", second["createDate"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:05.000Z", second["modifyDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateIfExists_does_not_apply_to_an_empty_value()
    {
        Harness.Emulator.PutContact("c1", new JsonObject { ["id"] = "c1", ["workEmail"] = "", ["title"] = "Dr" });

        using var response = await PatchAsync(await Harness.GetTokenAsync(), """
            {"changes":[{"field":"$.workEmail","value":"ada@example.org","action":"UpdateIfExists"},
                        {"field":"$.title","value":"Prof","action":"UpdateIfExists"}]}
            """);

        var contact = await ReadJsonAsync(response);
        Assert.Equal("", contact["workEmail"]!.GetValue<string>());
        Assert.Equal("Prof", contact["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppendToCollection_creates_and_extends_without_repeating_and_RemoveFromCollection_takes_items_out()
    {
        var token = await Harness.GetTokenAsync();
        using (var appended = await PatchAsync(token, """{"changes":[{"field":"$.customFields.tags","value":["a","b"],"action":"AppendToCollection"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
        }

        using (var again = await PatchAsync(token, """{"changes":[{"field":"$.customFields.tags","value":"b","action":"AppendToCollection"},{"field":"$.identifiers","value":{"type":"Cookie","value":"ck-1"},"action":"AppendToCollection"}]}"""))
        {
            var contact = await ReadJsonAsync(again);
            Assert.Equal(["a", "b"], contact["customFields"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.Equal("ck-1", contact["identifiers"]![0]!["value"]!.GetValue<string>());
        }

        using var removed = await PatchAsync(token, """{"changes":[{"field":"$.customFields.tags","value":"a","action":"RemoveFromCollection"}]}""");
        Assert.Equal(["b"], (await ReadJsonAsync(removed))["customFields"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"field":"$.firstName","value":"x","action":"AppendToCollection"}""", "firstName")]
    [InlineData("""{"field":"$.identifiers","value":{"type":"Fingerprint","value":"x"},"action":"AppendToCollection"}""", "identifiers[0].type")]
    public async Task Collection_change_on_something_that_is_not_a_collection_of_that_kind_is_400(string change, string fieldName)
    {
        using var response = await PatchAsync(await Harness.GetTokenAsync(), $$"""{"changes":[{{change}}]}""");

        await AssertFieldErrorAsync(response, fieldName);
    }

    [Fact]
    public async Task Put_replaces_the_contact_keeping_what_Genesys_manages()
    {
        var token = await Harness.GetTokenAsync();
        using var created = await PatchAsync(token, """{"changes":[{"field":"$.firstName","value":"Ada","action":"Update"},{"field":"$.title","value":"Dr","action":"Update"}]}""");
        var stored = await ReadJsonAsync(created);
        Harness.Time.Advance(TimeSpan.FromMinutes(1));

        // A GET-modify-PUT echoes the managed fields back: accepted while they are unchanged.
        stored.Remove("title");
        stored["lastName"] = "Lovelace";
        using var put = await Harness.SendAsync(HttpMethod.Put, Path, token, stored.ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var contact = await ReadJsonAsync(put);
        Assert.False(contact.ContainsKey("title"));
        Assert.Equal("Lovelace", contact["lastName"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:00.000Z", contact["createDate"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:01:00.000Z", contact["modifyDate"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"id":"other","firstName":"Ada"}""", "id")]
    [InlineData("""{"createDate":"2020-01-01T00:00:00.000Z"}""", "createDate")]
    [InlineData("""{"firstName":{"given":"Ada"},"nickname":"A"}""", "firstName", "nickname")]
    public async Task Put_that_changes_managed_fields_or_breaks_the_model_is_400_naming_them(string body, params string[] fieldNames)
    {
        Harness.Emulator.PutContact("c1", new JsonObject { ["id"] = "c1", ["firstName"] = "Ada" });

        using var response = await Harness.SendAsync(HttpMethod.Put, Path, await Harness.GetTokenAsync(), body, "application/json");

        await AssertFieldErrorAsync(response, fieldNames);
    }

    [Fact]
    public async Task Put_to_an_unknown_contact_is_404()
    {
        using var response = await Harness.SendAsync(HttpMethod.Put, "/api/v2/externalcontacts/contacts/nobody", await Harness.GetTokenAsync(), """{"firstName":"Ada"}""", "application/json");

        await AssertGenesysErrorAsync(response, 404, "not.found");
    }

    private Task<HttpResponseMessage> PatchAsync(string token, string body) => Harness.PatchContactAsync("c1", body, token);
}

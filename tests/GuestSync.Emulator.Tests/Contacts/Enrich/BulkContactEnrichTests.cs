using System.Net;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Tests.RateLimiting;
using static GuestSync.Emulator.Tests.Contacts.Enrich.ContactEnrichTests;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Contacts.Enrich;

public sealed class BulkContactEnrichTests : EmulatorTestBase
{
    private const string BulkPath = "/api/v2/externalcontacts/bulk/contacts/enrich";

    protected override void Configure(EmulatorOptions options)
    {
        options.ContactCustomFields = new() { ["tier"] = "text" };
        options.RateLimitPerMinute = 5;
    }

    [Fact]
    public async Task Bulk_answers_successes_and_errors_side_by_side_with_error_count_and_indexes()
    {
        var token = await Harness.GetTokenAsync();
        var body = Bulk(
            Request("ck-1", """{"firstName":"Ada"}"""),
            Request("ck-2", """{"customFields":{"colour":"red"}}"""),
            Request("ck-3", """{"firstName":"Grace"}""", action: "Update"),
            """{"id":"tracker-4","matchingIdentifiers":[{"type":"Cookie","value":"ck-4"}],"action":"Upsert","contact":{"firstName":"Hedy"}}""");

        using var response = await SendBulkAsync(token, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await ReadJsonAsync(response);
        var results = answer["results"]!.AsArray();
        Assert.Equal(4, results.Count);
        Assert.Equal([true, false, false, true], results.Select(r => r!["success"]!.GetValue<bool>()));
        Assert.Equal([201, 400, 404, 201], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Equal("Ada", results[0]!["entity"]!["firstName"]!.GetValue<string>());
        Assert.Equal("customFields.colour", results[1]!["error"]!["details"]![0]!["fieldName"]!.GetValue<string>().Replace("contact.", "", StringComparison.Ordinal));
        Assert.False(results[1]!["error"]!["retryable"]!.GetValue<bool>());
        Assert.Equal("tracker-4", results[3]!["id"]!.GetValue<string>());
        Assert.Equal(2, answer["errorCount"]!.GetValue<int>());
        Assert.Equal([1, 2], answer["errorIndexes"]!.AsArray().Select(i => i!.GetValue<int>()));

        var created = results[0]!["entity"]!["id"]!.GetValue<string>();
        using var get = await Harness.SendAsync(HttpMethod.Get, "/api/v2/externalcontacts/contacts/" + created, token);
        Assert.Equal("Ada", (await ReadJsonAsync(get))["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_bulk_request_of_ten_counts_once_against_the_token_limit()
    {
        var token = await Harness.GetTokenAsync();
        var body = Bulk(Enumerable.Range(0, 10).Select(i => Request($"ck-{i}", """{"firstName":"Ada"}""")).ToArray());

        using var response = await SendBulkAsync(token, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 5, 60), RateLimitTests.Window(response));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task Bulk_of_no_entities_or_more_than_ten_is_400(int count)
    {
        var body = Bulk(Enumerable.Range(0, count).Select(i => Request($"ck-{i}", "{}")).ToArray());

        using var response = await SendBulkAsync(await Harness.GetTokenAsync(), body);

        await AssertFieldErrorAsync(response, "entities");
    }

    [Fact]
    public async Task Injected_item_fault_fails_that_item_retryably_and_stores_nothing_for_it_while_the_others_succeed()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.Faults.FailNextBulkEnrichItem("ck-2");

        using var response = await SendBulkAsync(token, Bulk(Request("ck-1", "{}"), Request("ck-2", "{}"), Request("ck-3", "{}")));

        var answer = await ReadJsonAsync(response);
        var failed = answer["results"]![1]!;
        Assert.False(failed["success"]!.GetValue<bool>());
        Assert.Equal(503, failed["error"]!["status"]!.GetValue<int>());
        Assert.True(failed["error"]!["retryable"]!.GetValue<bool>());
        Assert.Equal([1], answer["errorIndexes"]!.AsArray().Select(i => i!.GetValue<int>()));
        using var lookup = await Harness.SendAsync(HttpMethod.Post, "/api/v2/externalcontacts/identifierlookup/contacts", token, """{"type":"Cookie","value":"ck-2"}""", "application/json");
        await AssertGenesysErrorAsync(lookup, 404, "not.found");

        using var retried = await SendBulkAsync(token, Bulk(Request("ck-2", "{}")));
        Assert.True((await ReadJsonAsync(retried))["results"]![0]!["success"]!.GetValue<bool>());
    }

    private static string Bulk(params string[] entities) => $$"""{"entities":[{{string.Join(',', entities)}}]}""";

    private Task<HttpResponseMessage> SendBulkAsync(string token, string body) =>
        Harness.SendAsync(HttpMethod.Post, BulkPath, token, body, "application/json");
}

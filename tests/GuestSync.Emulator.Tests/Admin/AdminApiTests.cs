using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Admin;

public sealed class AdminApiOffTests : EmulatorTestBase
{
    [Theory]
    [InlineData("GET", "/admin/requests")]
    [InlineData("POST", "/admin/reset")]
    [InlineData("POST", "/admin/faults/fail")]
    public async Task Admin_api_is_404_unless_enabled(string method, string path)
    {
        using var response = await Harness.SendAsync(new HttpMethod(method), path, token: null, body: "{}", contentType: "application/json");

        await AssertGenesysErrorAsync(response, 404, "not.found");
    }
}

public sealed class AdminApiTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.AdminApiEnabled = true;

    [Fact]
    public async Task Received_requests_list_what_arrived_but_not_admin_calls()
    {
        var token = await Harness.GetTokenAsync();
        using (await Harness.PatchGuestAsync("g1", """[{"op":"add","path":"/a","value":"é"}]""", token))
        {
        }

        var received = await Harness.Client.GetFromJsonAsync<JsonArray>("admin/requests");

        Assert.Equal(2, received!.Count);
        var patch = received[1]!.AsObject();
        Assert.Equal("PATCH", patch["method"]!.GetValue<string>());
        Assert.Equal("/api/v2/guests/g1", patch["path"]!.GetValue<string>());
        Assert.Equal(token, patch["bearerToken"]!.GetValue<string>());
        Assert.Equal(404, patch["status"]!.GetValue<int>());
        Assert.Equal("""[{"op":"add","path":"/a","value":"é"}]""", patch["body"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetBytes(patch["body"]!.GetValue<string>()), Convert.FromBase64String(patch["bodyBase64"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deleting_received_requests_clears_them()
    {
        using (await Harness.Client.GetAsync("x"))
        {
        }

        using var response = await Harness.Client.DeleteAsync("admin/requests");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(Harness.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Fail_fault_armed_over_http_fails_the_next_request()
    {
        using var armed = await Harness.Client.PostAsync("admin/faults/fail", Json("""{"pathPrefix":"/oauth/token","statusCode":503,"count":1,"retryAfter":"3"}"""));
        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);

        using var failed = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("3", Assert.Single(failed.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task Bulk_item_fault_armed_over_http_fails_that_item_retryably()
    {
        using var armed = await Harness.Client.PostAsync("admin/faults/bulk-item", Json("""{"identifierValue":"ck-2","statusCode":504}"""));
        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);

        using var response = await Harness.SendAsync(HttpMethod.Post, "/api/v2/externalcontacts/bulk/contacts/enrich", await Harness.GetTokenAsync(), """
            {"entities":[{"matchingIdentifiers":[{"type":"Cookie","value":"ck-1"}],"action":"Upsert"},
                         {"matchingIdentifiers":[{"type":"Cookie","value":"ck-2"}],"action":"Upsert"}]}
            """, "application/json");

        var error = (await ReadJsonAsync(response))["results"]![1]!["error"]!;
        Assert.Equal(504, error["status"]!.GetValue<int>());
        Assert.True(error["retryable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Drop_latency_and_token_endpoint_faults_are_settable_over_http()
    {
        using (var drop = await Harness.Client.PostAsync("admin/faults/drop", Json("""{"pathPrefix":"/api"}""")))
        using (var latency = await Harness.Client.PutAsync("admin/faults/latency", Json("""{"milliseconds":1500}""")))
        using (var down = await Harness.Client.PutAsync("admin/faults/token-endpoint", Json("""{"down":true}""")))
        {
            Assert.Equal(HttpStatusCode.NoContent, drop.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, latency.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, down.StatusCode);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1500), Harness.Emulator.Faults.Latency);
        Assert.True(Harness.Emulator.Faults.TokenEndpointDown);
        var state = await Harness.Client.GetFromJsonAsync<JsonObject>("admin/faults");
        Assert.Equal(1500, state!["latencyMilliseconds"]!.GetValue<int>());

        using var cleared = await Harness.Client.DeleteAsync("admin/faults");
        Assert.Equal(TimeSpan.Zero, Harness.Emulator.Faults.Latency);
        Assert.False(Harness.Emulator.Faults.TokenEndpointDown);
    }

    [Theory]
    [InlineData("admin/faults/fail", """{"statusCode":503}""")]
    [InlineData("admin/faults/bulk-item", """{"statusCode":503}""")]
    [InlineData("admin/faults/bulk-item", """{"identifierValue":"ck-1","statusCode":200}""")]
    [InlineData("admin/faults/fail", """{"pathPrefix":"api","statusCode":503}""")]
    [InlineData("admin/faults/fail", """{"pathPrefix":"/api","statusCode":42}""")]
    [InlineData("admin/faults/fail", "not json")]
    [InlineData("admin/faults/drop", """{"pathPrefix":"/api","count":0}""")]
    [InlineData("admin/faults/drop", "")]
    public async Task Bad_admin_commands_are_400(string path, string body)
    {
        using var response = await Harness.Client.PostAsync(path, Json(body));

        await AssertGenesysErrorAsync(response, 400, "bad.request");
    }

    [Fact]
    public async Task Revoking_tokens_over_http_rejects_issued_tokens()
    {
        var token = await Harness.GetTokenAsync();

        using (await Harness.Client.PostAsync("admin/tokens/revoke", null))
        {
        }

        using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", token);
        await AssertGenesysErrorAsync(response, 401, "bad.credentials");
    }

    [Fact]
    public async Task Guests_and_contacts_can_be_seeded_and_read_over_http()
    {
        using (var put = await Harness.Client.PutAsync("admin/guests/g7", Json("""{"firstName":"Ada"}""")))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using (var put = await Harness.Client.PutAsync("admin/contacts/c7", Json("""{"id":"c7"}""")))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Equal("Ada", (await Harness.Client.GetFromJsonAsync<JsonObject>("admin/guests/g7"))!["firstName"]!.GetValue<string>());
        Assert.Equal("c7", Harness.Emulator.GetContact("c7")!["id"]!.GetValue<string>());
        using var notObject = await Harness.Client.PutAsync("admin/guests/g8", Json("[1]"));
        await AssertGenesysErrorAsync(notObject, 400, "bad.request");
    }

    [Fact]
    public async Task Reset_returns_to_a_fresh_start_and_stats_count_tokens()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.PutGuest("g1", new JsonObject());
        Harness.Emulator.Faults.FailNext("/api", 500);
        var stats = await Harness.Client.GetFromJsonAsync<JsonObject>("admin/stats");
        Assert.Equal(1, stats!["tokensIssued"]!.GetValue<int>());

        using (await Harness.Client.PostAsync("admin/reset", null))
        {
        }

        Assert.Null(Harness.Emulator.GetGuest("g1"));
        Assert.Empty(Harness.Emulator.ReceivedRequests);
        using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", token);
        await AssertGenesysErrorAsync(response, 401, "bad.credentials");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

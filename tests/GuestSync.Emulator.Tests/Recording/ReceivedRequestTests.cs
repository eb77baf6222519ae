using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Tests.Recording;

public sealed class ReceivedRequestTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.ReceivedRequestCapacity = 5;

    [Fact]
    public async Task Received_request_records_method_path_headers_body_token_time_and_status()
    {
        Harness.Emulator.PutGuest("g1", new JsonObject());
        var token = await Harness.GetTokenAsync();
        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        const string Patch = """[{"op":"add","path":"/a","value":1}]""";

        using var response = await Harness.PatchGuestAsync("g1", Patch, token);

        var received = Harness.Emulator.ReceivedRequests[^1];
        Assert.Equal("PATCH", received.Method);
        Assert.Equal("/api/v2/guests/g1", received.Path);
        Assert.Equal(Patch, Encoding.UTF8.GetString(received.Body));
        Assert.Equal(token, received.BearerToken);
        Assert.Equal(200, received.Status);
        Assert.Equal(Harness.Time.GetUtcNow(), received.ReceivedAt);
        Assert.StartsWith("application/json-patch+json", received.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal($"Bearer {token}", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task Query_string_such_as_expand_is_kept_apart_from_the_path()
    {
        Harness.Emulator.PutContact("c1", new JsonObject { ["firstName"] = "Ada" });

        using var response = await Harness.SendAsync(HttpMethod.Get, "/api/v2/externalcontacts/contacts/c1?expand=externalOrganization", await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Harness.Emulator.ReceivedRequests[^1];
        Assert.Equal("/api/v2/externalcontacts/contacts/c1", received.Path);
        Assert.Equal("?expand=externalOrganization", received.Query);
    }

    [Fact]
    public async Task Token_requests_and_rejected_requests_are_recorded_too()
    {
        await Harness.GetTokenAsync();
        using var rejected = await Harness.PatchGuestAsync("g1", "[]", token: null);

        var received = Harness.Emulator.ReceivedRequests;
        Assert.Equal(["/oauth/token", "/api/v2/guests/g1"], received.Select(r => r.Path));
        Assert.Equal([200, 401], received.Select(r => r.Status));
        Assert.Null(received[0].BearerToken);
    }

    [Fact]
    public async Task Only_the_most_recent_requests_are_kept_oldest_first()
    {
        for (var i = 0; i < 8; i++)
        {
            using var response = await Harness.Client.GetAsync($"nowhere/{i}");
        }

        Assert.Equal(Enumerable.Range(3, 5).Select(i => $"/nowhere/{i}"), Harness.Emulator.ReceivedRequests.Select(r => r.Path));
    }

    [Fact]
    public async Task Clearing_forgets_what_was_received()
    {
        using (var before = await Harness.Client.GetAsync("before"))
        {
            Assert.Single(Harness.Emulator.ReceivedRequests);
        }

        Harness.Emulator.ClearReceivedRequests();
        using var after = await Harness.Client.GetAsync("after");

        Assert.Equal("/after", Assert.Single(Harness.Emulator.ReceivedRequests).Path);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_recorded_up_to_the_capacity()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Harness.Client.GetAsync($"load/{i}")));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var received = Harness.Emulator.ReceivedRequests;
        Assert.Equal(5, received.Count);
        Assert.Equal(5, received.Select(r => r.Path).Distinct().Count());
    }
}

public sealed class ReceivedRequestsOffTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.ReceivedRequestCapacity = 0;

    [Fact]
    public async Task Zero_capacity_records_nothing()
    {
        using var response = await Harness.Client.GetAsync("anything");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Harness.Emulator.ReceivedRequests);
    }
}

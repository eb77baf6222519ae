using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Errors;

public sealed class BadInputTests : EmulatorTestBase
{
    private static readonly string[] Paths =
    [
        "/oauth/token", "/api/v2/guests/g1", "/api/v2/guests/unknown", "/api/v2/externalcontacts/contacts/c1",
        "/api/v2/guests/", "/api/v2/guests/g1/extra", "/admin/reset", "/%2e%2e/etc", "/api/v2/guests/%20%E2%82%AC",
    ];

    private static readonly string?[] ContentTypes =
    [
        null, "application/json-patch+json", "application/json", "application/x-www-form-urlencoded",
        "text/plain", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "garbage/garbage/garbage",
    ];

    private static readonly string[] Bodies =
    [
        "", "null", "[]", "{}", "[null]", "[1,2,3]", "\"str\"", "[{\"op\":\"add\"}]", "[{\"op\":\"add\",\"path\":7,\"value\":1}]",
        "[{\"op\":\"move\",\"from\":\"/firstName\",\"path\":\"/firstName/x\"}]", "[{\"op\":\"copy\",\"from\":\"/nope\",\"path\":\"/a\"}]",
        "[{\"op\":\"add\",\"path\":\"/~2\",\"value\":1}]", "[{\"op\":\"add\",\"path\":\"/a/b/c\",\"value\":1}]",
        "{\"changes\":[{\"field\":\"$.a\",\"value\":{\"x\":1,\"x\":2},\"action\":\"Update\"}]}",
        "{\"changes\":null}", "{\"a\":1,\"a\":2}", "[" + new string('[', 500) + new string(']', 500) + "]",
        "\uFEFF[]", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1e999999}]", "grant_type=client_credentials&&&==%%%",
        "{\"changes\":[{\"field\":\"$." + string.Join('.', Enumerable.Repeat("a", 40)) + "\",\"value\":1,\"action\":\"Update\"}]}",
    ];

    [Fact]
    public async Task Garbage_requests_never_get_a_500_and_never_change_the_stored_guest()
    {
        Harness.Emulator.PutGuest("g1", JsonNode.Parse("""{"firstName":"Ada"}""")!.AsObject());
        Harness.Emulator.PutContact("c1", JsonNode.Parse("""{"id":"c1","firstName":"Ada"}""")!.AsObject());
        var token = await Harness.GetTokenAsync();
        var random = new Random(6902);
        var methods = new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head };

        for (var i = 0; i < 400; i++)
        {
            var request = new HttpRequestMessage(methods[random.Next(methods.Length)], Paths[random.Next(Paths.Length)].TrimStart('/'));
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            {
                request.Content = random.Next(4) == 0 ? new ByteArrayContent(RandomBytes(random)) : new StringContent(Bodies[random.Next(Bodies.Length)]);
                request.Content.Headers.ContentType = ContentTypes[random.Next(ContentTypes.Length)] is { } type && MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed : null;
            }

            request.Headers.TryAddWithoutValidation("Authorization", random.Next(5) switch
            {
                0 => $"Bearer {token}",
                1 => "Bearer ",
                2 => "Basic " + Convert.ToBase64String(RandomBytes(random)),
                3 => "Basic ????",
                _ => "Negotiate abc",
            });

            using var response = await Harness.Client.SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
            Assert.True(response.Headers.Contains("ININ-Correlation-Id"), $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} without a correlation id");
        }

        Assert.Equal("""{"firstName":"Ada"}""", Harness.Emulator.GetGuest("g1")!.ToJsonString());
        Assert.Equal("""{"id":"c1","firstName":"Ada"}""", Harness.Emulator.GetContact("c1")!.ToJsonString());
    }

    [Fact]
    public async Task Body_over_the_512000_byte_limit_is_413_in_the_genesys_shape()
    {
        Harness.Emulator.PutGuest("g1", new JsonObject());
        var patch = $$"""[{"op":"add","path":"/a","value":"{{new string('x', 512_000)}}"}]""";

        using var response = await Harness.PatchGuestAsync("g1", patch, await Harness.GetTokenAsync());

        await AssertGenesysErrorAsync(response, 413, "request.entity.too.large");
        Assert.Empty(Harness.Emulator.GetGuest("g1")!);
        Assert.Empty(Harness.Emulator.ReceivedRequests[^1].Body);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_too()
    {
        Harness.Emulator.PutGuest("g1", new JsonObject());
        var request = new HttpRequestMessage(HttpMethod.Patch, "api/v2/guests/g1")
        {
            Content = new StreamContent(new MemoryStream(new byte[600_000])),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonPatchMediaType);
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Harness.GetTokenAsync());

        using var response = await Harness.Client.SendAsync(request);

        await AssertGenesysErrorAsync(response, 413, "request.entity.too.large");
    }

    [Fact]
    public async Task Body_at_exactly_the_limit_is_accepted()
    {
        Harness.Emulator.PutGuest("g1", new JsonObject());
        var prefix = """[{"op":"add","path":"/a","value":" """.TrimEnd();
        const string Suffix = "\"}]";
        var patch = prefix + new string('x', 512_000 - prefix.Length - Suffix.Length) + Suffix;
        Assert.Equal(512_000, Encoding.UTF8.GetByteCount(patch));

        using var response = await Harness.PatchGuestAsync("g1", patch, await Harness.GetTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_are_404_in_the_genesys_shape()
    {
        using var response = await Harness.Client.GetAsync("api/v2/users/me");

        await AssertGenesysErrorAsync(response, 404, "not.found");
    }

    [Fact]
    public async Task Every_response_has_its_own_correlation_id()
    {
        using var first = await Harness.Client.GetAsync("a");
        using var second = await Harness.Client.GetAsync("a");

        Assert.NotEqual(CorrelationId(first), CorrelationId(second));
        Assert.True(Guid.TryParse(CorrelationId(first), out _));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.OAuth;

public sealed class TokenEndpointTests : EmulatorTestBase
{
    protected override void Configure(EmulatorOptions options) => options.Clients =
    [
        new EmulatorClient(),
        new EmulatorClient { ClientId = "clïent", ClientSecret = "sécret", TokenLifetimeSeconds = 300 },
    ];

    [Fact]
    public async Task Client_credentials_grant_returns_a_bearer_token_with_the_default_lifetime()
    {
        using var response = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.True(body["access_token"]!.GetValue<string>().Length >= 43);
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(86_400, body["expires_in"]!.GetValue<int>());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(1, Harness.Emulator.TokensIssued);
    }

    [Fact]
    public async Task Each_token_request_gets_a_different_opaque_token()
    {
        var first = await Harness.GetTokenAsync();
        var second = await Harness.GetTokenAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(2, Harness.Emulator.TokensIssued);
    }

    [Fact]
    public async Task Scope_in_the_form_body_is_optional_and_ignored()
    {
        using var response = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret), "grant_type=client_credentials&scope=guest%3Awrite");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_lifetime_follows_the_client_setting()
    {
        using var response = await Harness.RequestTokenAsync(Basic("clïent", "sécret"));

        Assert.Equal(300, (await ReadJsonAsync(response))["expires_in"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("iso-8859-1")]
    public async Task Non_ascii_credentials_are_accepted_in_utf8_and_iso_8859_1(string encoding)
    {
        using var response = await Harness.RequestTokenAsync(Basic("clïent", "sécret", Encoding.GetEncoding(encoding)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("unknown-client", ClientSecret)]
    [InlineData(ClientId, "wrong-secret")]
    [InlineData(ClientId, "")]
    public async Task Unknown_client_or_wrong_secret_is_401_invalid_client(string clientId, string clientSecret)
    {
        using var response = await Harness.RequestTokenAsync(Basic(clientId, clientSecret));

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(0, Harness.Emulator.TokensIssued);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Bearer", "abc")]
    [InlineData("Basic", "!!not-base64!!")]
    [InlineData("Basic", "bm8tY29sb24=")]
    [InlineData("Basic", "")]
    public async Task Missing_or_garbled_basic_header_is_401(string? scheme, string? parameter)
    {
        var header = scheme is null ? null : new AuthenticationHeaderValue(scheme, parameter);

        using var response = await Harness.RequestTokenAsync(header);

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("grant_type=password&username=a&password=b")]
    [InlineData("grant_type=authorization_code&code=x")]
    [InlineData("grant_type=CLIENT_CREDENTIALS")]
    public async Task Other_grant_types_are_400_unsupported_grant_type(string form)
    {
        using var response = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret), form);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Theory]
    [InlineData("")]
    [InlineData("scope=x")]
    [InlineData("grant_type=client_credentials&grant_type=client_credentials")]
    public async Task Missing_or_repeated_grant_type_is_400_invalid_request(string form)
    {
        using var response = await Harness.RequestTokenAsync(Basic(ClientId, ClientSecret), form);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Json_body_instead_of_a_form_is_400_invalid_request()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = Basic(ClientId, ClientSecret);

        using var response = await Harness.Client.SendAsync(request);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Get_on_the_token_endpoint_is_405()
    {
        using var response = await Harness.Client.GetAsync("oauth/token");

        await AssertGenesysErrorAsync(response, 405, "method.not.allowed");
    }

    [Fact]
    public async Task Token_works_until_its_lifetime_has_passed_on_the_emulator_clock()
    {
        var token = await Harness.GetTokenAsync("clïent", "sécret");
        Harness.Emulator.PutGuest("g1", new JsonObject());

        Harness.Time.Advance(TimeSpan.FromSeconds(299));
        using (var stillValid = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", token))
        {
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        }

        Harness.Time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", token);
        await AssertGenesysErrorAsync(expired, 401, "bad.credentials");
    }

    [Fact]
    public async Task Revoked_tokens_are_rejected_and_new_ones_work()
    {
        var token = await Harness.GetTokenAsync();
        Harness.Emulator.PutGuest("g1", new JsonObject());

        Harness.Emulator.RevokeAllTokens();

        using var revoked = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", token);
        await AssertGenesysErrorAsync(revoked, 401, "bad.credentials");
        using var fresh = await Harness.SendAsync(HttpMethod.Get, "/api/v2/guests/g1", await Harness.GetTokenAsync());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error_description"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(CorrelationId(response)));
    }
}

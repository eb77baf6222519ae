using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Security.BindingTokens;

public sealed class GuestBindingTokenTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(settings: TestBindingTokens.RequiredSettings());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(Dictionary<string, string> fields, string? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(fields) };
        if (header is not null)
        {
            request.Headers.Add("X-Guest-Binding", header);
        }

        return _host.Client.SendAsync(request);
    }

    private static Dictionary<string, string> FormWithToken(Func<string, string> token)
    {
        var fields = ProfileForms.Valid();
        fields["bindingToken"] = token(fields["guestId"]);
        return fields;
    }

    private PatchSeen SinglePatch()
    {
        var patch = Assert.Single(_host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        return new PatchSeen(Encoding.UTF8.GetString(patch.Body), string.Join("\n", patch.Headers.Select(h => h.Key + ": " + h.Value)));
    }

    private sealed record PatchSeen(string Body, string Headers);

    private async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(_host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.Clone();
    }

    [Fact]
    public async Task Valid_token_in_the_form_syncs_and_the_token_is_not_forwarded()
    {
        var fields = FormWithToken(guest => TestBindingTokens.Hs256(guest));

        using var response = await PostAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = SinglePatch();
        Assert.DoesNotContain(fields["bindingToken"], patch.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(fields["bindingToken"], patch.Headers, StringComparison.Ordinal);
        Assert.DoesNotContain("bindingToken", patch.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_token_in_the_header_syncs_and_the_header_is_not_forwarded()
    {
        var fields = ProfileForms.Valid();
        var token = TestBindingTokens.Hs256(fields["guestId"]);

        using var response = await PostAsync(fields, header: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(token, SinglePatch().Headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upper_case_guest_id_matches_its_lower_case_token()
    {
        var fields = ProfileForms.Valid();
        fields["bindingToken"] = TestBindingTokens.Hs256(fields["guestId"]);
        fields["guestId"] = fields["guestId"].ToUpperInvariant();

        using var response = await PostAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_token_is_401_with_www_authenticate_and_nothing_is_sent()
    {
        using var response = await PostAsync(ProfileForms.Valid());

        var problem = await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.Contains("required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "expired" },
        { "not-yet-valid", "not valid yet" },
        { "wrong-audience", "audience" },
        { "wrong-issuer", "issuer" },
        { "wrong-secret", "signature" },
        { "alg-none", "algorithm" },
        { "too-long-lived", "longer" },
        { "garbage", "malformed" },
        { "rs256-without-keys", "algorithm" },
    };

    private static string Forge(string kind, string guest) => kind switch
    {
        "expired" => TestBindingTokens.Hs256(guest, notBefore: DateTime.UtcNow.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(-2)),
        "not-yet-valid" => TestBindingTokens.Hs256(guest, notBefore: DateTime.UtcNow.AddMinutes(2), lifetime: TimeSpan.FromMinutes(5)),
        "wrong-audience" => TestBindingTokens.Hs256(guest, audience: "some-other-api"),
        "wrong-issuer" => TestBindingTokens.Hs256(guest, issuer: "https://evil.example"),
        "wrong-secret" => TestBindingTokens.Hs256(guest, secret: "an-attacker-secret-that-is-long-enough-0123"),
        "alg-none" => TestBindingTokens.Unsigned(guest),
        "too-long-lived" => TestBindingTokens.Hs256(guest, lifetime: TimeSpan.FromHours(2)),
        "garbage" => "not.a.jwt",
        "rs256-without-keys" => TestBindingTokens.Create(guest, new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Invalid_token_is_401_saying_which_rule_failed_and_nothing_is_sent(string kind, string expected)
    {
        var fields = FormWithToken(guest => Forge(kind, guest));

        using var response = await PostAsync(fields);

        var problem = await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
        var text = problem.GetRawText();
        Assert.True(text.Contains(expected, StringComparison.Ordinal), text);
        Assert.DoesNotContain(fields["bindingToken"], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_for_another_guest_is_403_and_nothing_is_sent()
    {
        var fields = FormWithToken(_ => TestBindingTokens.Hs256(Guid.NewGuid().ToString()));

        using var response = await PostAsync(fields);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Different_tokens_in_field_and_header_are_401()
    {
        var fields = FormWithToken(guest => TestBindingTokens.Hs256(guest));

        using var response = await PostAsync(fields, header: TestBindingTokens.Hs256(fields["guestId"], lifetime: TimeSpan.FromMinutes(3)));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Empty_header_leaves_the_token_in_the_field_in_charge()
    {
        var fields = FormWithToken(guest => TestBindingTokens.Hs256(guest));

        using var response = await PostAsync(fields, header: string.Empty);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Same_token_in_field_and_header_syncs()
    {
        var fields = FormWithToken(guest => TestBindingTokens.Hs256(guest));

        using var response = await PostAsync(fields, header: fields["bindingToken"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_fields_are_reported_before_the_token_is_checked()
    {
        var fields = ProfileForms.Valid();
        fields["email"] = "not-an-email";

        using var response = await PostAsync(fields);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
    }
}

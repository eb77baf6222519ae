using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GuestSync.Gateway.Tests.Security.Headers;

public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static void AssertBaseline(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
        Assert.Empty(response.Headers.Server);
    }

    private static void AssertNoStore(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");

    [Fact]
    public async Task Sync_answer_carries_nosniff_no_store_and_no_server_banner()
    {
        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertBaseline(response);
        AssertNoStore(response);
    }

    [Fact]
    public async Task Problem_answers_carry_the_same_headers()
    {
        var fields = ProfileForms.Valid();
        fields["email"] = "nope";

        using var invalid = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));
        using var wrongMethod = await _host.Client.GetAsync("/api/profile-sync");

        foreach (var response in new[] { invalid, wrongMethod })
        {
            AssertBaseline(response);
            AssertNoStore(response);
        }
    }

    [Fact]
    public async Task Health_and_unknown_paths_carry_nosniff_and_readyz_says_nothing_secret()
    {
        using var health = await _host.Client.GetAsync("/readyz");
        using var missing = await _host.Client.GetAsync("/no-such-path");

        AssertBaseline(health);
        AssertBaseline(missing);
        var body = await health.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHost.ClientSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Keys.KeySetJson, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_answers_outside_development_carry_hsts()
    {
        using var client = _host.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://gateway.example.com") });

        using var response = await client.GetAsync("/healthz");

        Assert.Contains("max-age=15552000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_answers_carry_no_hsts()
    {
        using var response = await _host.Client.GetAsync("/healthz");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}

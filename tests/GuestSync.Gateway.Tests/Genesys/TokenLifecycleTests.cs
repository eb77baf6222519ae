using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Genesys;

public sealed class TokenLifecycleTests
{
    private static int Patches(GatewayHost host) => host.Emulator.ReceivedRequests.Count(r => r.Method == "PATCH");

    [Fact]
    public async Task Cold_cache_under_100_concurrent_posts_fetches_one_token()
    {
        await using var host = await GatewayHost.StartAsync(emulator => emulator.RateLimitPerMinute = 0);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, host.Emulator.TokensIssued);
        Assert.Equal(100, Patches(host));
    }

    [Fact]
    public async Task Expired_token_is_refreshed_exactly_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = await GatewayHost.StartAsync(timeProvider: time);
        using (var first = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        time.Advance(TimeSpan.FromSeconds(86_400));
        for (var i = 0; i < 5; i++)
        {
            using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, host.Emulator.TokensIssued);
        Assert.Equal(6, Patches(host));
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.Status == 401);
    }

    [Fact]
    public async Task Rejected_token_is_renewed_and_the_same_patch_replayed_once()
    {
        await using var host = await GatewayHost.StartAsync();
        using (var first = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        host.Emulator.RevokeAllTokens();
        host.Emulator.ClearReceivedRequests();
        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patches = host.Emulator.ReceivedRequests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal([401, 200], patches.Select(p => p.Status));
        Assert.Equal(patches[0].Body, patches[1].Body);
        Assert.NotEqual(patches[0].BearerToken, patches[1].BearerToken);
        Assert.Equal(2, host.Emulator.TokensIssued);
    }

    [Fact]
    public async Task Second_401_is_queued_without_a_third_attempt()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Emulator.Faults.FailNext("/api/v2/guests", 401, count: 2);

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        // The gateway's own credentials were refused: that may pass (an operator fixes the roles), so it is queued.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("\"status\":\"queued\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, Patches(host));
    }

    [Fact]
    public async Task Token_endpoint_down_with_no_token_queues_without_sending()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Emulator.Faults.TokenEndpointDown = true;

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("\"status\":\"queued\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Patches(host));
    }

    [Fact]
    public async Task Token_failure_is_not_cached()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Emulator.Faults.TokenEndpointDown = true;
        using (var down = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.Accepted, down.StatusCode);
        }

        host.Emulator.Faults.TokenEndpointDown = false;
        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Secret_never_appears_in_logs()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Emulator.Faults.TokenEndpointDown = true;
        using (await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
        }

        host.Emulator.Faults.TokenEndpointDown = false;
        using (await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
        }

        var token = host.Emulator.ReceivedRequests.First(r => r.Method == "PATCH").BearerToken!;
        Assert.NotEmpty(host.Factory.Logs.Entries);
        Assert.DoesNotContain(host.Factory.Logs.Entries, entry => entry.Message.Contains(GatewayHost.ClientSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Factory.Logs.Entries, entry => entry.Message.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Factory.Logs.Entries, entry => entry.Message.Contains(ProfileForms.Email, StringComparison.Ordinal));
    }
}

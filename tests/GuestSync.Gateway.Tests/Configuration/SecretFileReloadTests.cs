using System.Net;
using System.Text;
using GuestSync.Emulator;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Configuration;

/// <summary>
/// The binding secret file of a profile and the Genesys client secret file, swapped the way the kubelet swaps a mounted
/// secret (a new <c>..data</c> link, the file itself never written) while the gateway runs, with no configuration reload:
/// the files are polled on fake time every <c>Encryption:KeySetPollInterval</c> (1 s here); nothing sleeps.
/// </summary>
public sealed class SecretFileReloadTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const string NewBindingSecret = "rotated-binding-secret-0123456789-ABCDEFGH";
    private const string NewClientSecret = "gateway-tests-secret-rotated-91c4";

    // Binding tokens are checked against the real clock (lifetime) and the gateway's (longest lifetime): start at now.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Binding_secret_file_swapped_through_the_data_symlink_accepts_the_new_secret_and_refuses_the_old()
    {
        using var volume = new SecretVolume("binding-secret", TestBindingTokens.Secret + "\n");
        await using var host = await StartWithBindingFileAsync(volume.FilePath);
        using (var old = await PostAsync(host, TestBindingTokens.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        }

        volume.Update(NewBindingSecret + "\n");
        using (var beforePoll = await PostAsync(host, TestBindingTokens.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, beforePoll.StatusCode); // read on the next poll, not on the request path
        }

        _time.Advance(Interval);

        using (var rotated = await PostAsync(host, NewBindingSecret))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        }

        using var refused = await PostAsync(host, TestBindingTokens.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(Warnings(host));
    }

    [Theory]
    [InlineData("", "Profiles:default:Binding:SecretFile '")]
    [InlineData("too-short-secret\n", "Profiles:default:Binding:Secret must be at least 32 bytes")]
    public async Task Invalid_binding_secret_swap_is_logged_once_and_the_old_secret_keeps_working(string content, string problem)
    {
        using var volume = new SecretVolume("binding-secret", TestBindingTokens.Secret);
        await using var host = await StartWithBindingFileAsync(volume.FilePath);
        using (var before = await PostAsync(host, TestBindingTokens.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        volume.Update(content);
        for (var poll = 0; poll < 5; poll++)
        {
            _time.Advance(Interval);
        }

        var warning = Assert.Single(Warnings(host));
        Assert.StartsWith("Profiles settings reload rejected", warning, StringComparison.Ordinal);
        Assert.Contains(problem, warning, StringComparison.Ordinal);
        if (content.Length > 0)
        {
            Assert.DoesNotContain(content.Trim(), warning, StringComparison.Ordinal);
        }

        using (var old = await PostAsync(host, TestBindingTokens.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        }

        using (var forged = await PostAsync(host, NewBindingSecret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // Fixed: the next poll applies it.
        volume.Update(NewBindingSecret);
        _time.Advance(Interval);
        using var rotated = await PostAsync(host, NewBindingSecret);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Single(Warnings(host));
    }

    [Fact]
    public async Task Genesys_client_secret_file_swapped_through_the_data_symlink_is_sent_by_the_next_token_request()
    {
        // The emulator knows only the rotated secret (the client's secret was rotated at Genesys first): the old one is refused.
        using var volume = new SecretVolume("client-secret", GatewayHost.ClientSecret + "\n");
        await using var host = await GatewayHost.StartAsync(
            emulator => emulator.Clients = [new EmulatorClient { ClientId = GatewayHost.ClientId, ClientSecret = NewClientSecret }],
            settings: new Dictionary<string, string?>
            {
                ["Genesys:ClientSecret"] = null,
                ["Genesys:ClientSecretFile"] = volume.FilePath,
                ["Encryption:KeySetPollInterval"] = Interval.ToString(),
                ["Delivery:MaxWait"] = "00:00:20",
            },
            timeProvider: _time);
        using (var queued = await PostAsync(host, token: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode); // no token: kept in the outbox
        }

        Assert.All(TokenRequestSecrets(host), secret => Assert.Equal(GatewayHost.ClientSecret, secret));
        var refusedRequests = TokenRequestSecrets(host).Count;
        Assert.NotEqual(0, refusedRequests);
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, request => request.Method == "PATCH");

        volume.Update(NewClientSecret + "\n");
        _time.Advance(Interval);

        using var synced = await PostAsync(host, token: null);
        Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        Assert.Equal(NewClientSecret, TokenRequestSecrets(host)[refusedRequests]);
        Assert.Contains(host.Emulator.ReceivedRequests, request => request.Method == "PATCH" && request.Status == 200);
        Assert.DoesNotContain(host.Factory.Logs.Entries, entry => entry.Message.Contains(NewClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Genesys_client_secret_swap_drops_the_cached_token_and_the_next_send_fetches_one_with_the_new_secret()
    {
        // The emulator knows only the old secret here, so the token request with the new one shows in the 202.
        using var volume = new SecretVolume("client-secret", GatewayHost.ClientSecret);
        await using var host = await GatewayHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Genesys:ClientSecret"] = null,
                ["Genesys:ClientSecretFile"] = volume.FilePath,
                ["Encryption:KeySetPollInterval"] = Interval.ToString(),
                ["Delivery:MaxWait"] = "00:00:20",
            },
            timeProvider: _time);
        using (var synced = await PostAsync(host, token: null))
        {
            Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        }

        Assert.Equal([GatewayHost.ClientSecret], TokenRequestSecrets(host)); // a token valid for 24 h is cached

        volume.Update(NewClientSecret);
        _time.Advance(Interval);

        using var queued = await PostAsync(host, token: null);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(NewClientSecret, TokenRequestSecrets(host)[1]);
        Assert.Single(host.Emulator.ReceivedRequests, request => request.Method == "PATCH");
    }

    private Task<GatewayHost> StartWithBindingFileAsync(string secretFile) =>
        GatewayHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Profiles:default:Binding:Required"] = "true",
                ["Profiles:default:Binding:Issuer"] = TestBindingTokens.Issuer,
                ["Profiles:default:Binding:Audience"] = TestBindingTokens.Audience,
                ["Profiles:default:Binding:SecretFile"] = secretFile,
                ["Encryption:KeySetPollInterval"] = Interval.ToString(),
                ["Delivery:MaxWait"] = "00:00:20",
            },
            timeProvider: _time);

    /// <summary>Posts a valid form, with a binding token signed with <paramref name="token"/> when given.</summary>
    private static Task<HttpResponseMessage> PostAsync(GatewayHost host, string? token)
    {
        var fields = ProfileForms.Valid();
        if (token is not null)
        {
            fields["bindingToken"] = TestBindingTokens.Hs256(fields["guestId"], secret: token);
        }

        return host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));
    }

    private static IEnumerable<string> Warnings(GatewayHost host) =>
        host.Factory.Logs.Entries.Where(entry => entry.Level >= LogLevel.Warning && entry.Message.Contains("reload rejected", StringComparison.Ordinal))
            .Select(entry => entry.Message);

    /// <summary>The client secret of each token request the emulator received, from its Basic header.</summary>
    private static List<string> TokenRequestSecrets(GatewayHost host) =>
        [.. host.Emulator.ReceivedRequests
            .Where(request => request.Path.EndsWith("/oauth/token", StringComparison.Ordinal))
            .Select(request => Encoding.Latin1.GetString(Convert.FromBase64String(request.Headers["Authorization"]["Basic ".Length..])).Split(':', 2)[1])];
}

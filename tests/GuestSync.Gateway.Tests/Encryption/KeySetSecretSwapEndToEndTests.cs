using System.Net;
using System.Text.Json;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>
/// The live gateway in front of the emulator with <c>Encryption:KeySetFile</c> on a Kubernetes-style secret volume and no
/// <c>Encryption:ActiveKeyId</c>: the secret alone rotates the key. What Genesys receives is decrypted here with the key
/// its <c>kid</c> names. Fake time: the default 5 s poll is one <c>Advance</c>.
/// </summary>
public sealed class KeySetSecretSwapEndToEndTests
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal)
    {
        ["2026-11"] = TestKeySets.NewKey(),
        ["2026-12"] = TestKeySets.NewKey(),
    };

    [Fact]
    public async Task Secret_swapped_through_its_data_symlink_encrypts_the_next_post_with_the_new_key()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11"));
        var (host, time) = await StartAsync(volume);
        await using var _ = host;
        Assert.Equal("2026-11", await PostAndReadKidAsync(host, time));

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        time.Advance(DefaultPoll);

        Assert.Equal("2026-12", await PostAndReadKidAsync(host, time));
    }

    [Fact]
    public async Task Secret_that_only_switches_its_active_member_switches_the_kid_Genesys_receives()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-12", "2026-11", "2026-12"));
        var (host, time) = await StartAsync(volume);
        await using var _ = host;
        Assert.Equal("2026-12", await PostAndReadKidAsync(host, time));

        volume.Update(Jwks("2026-11", "2026-11", "2026-12"));
        time.Advance(DefaultPoll);

        Assert.Equal("2026-11", await PostAndReadKidAsync(host, time));
    }

    [Theory]
    [InlineData("{\"active\":\"2026-12\",\"keys\":[{\"kty\":\"oct\"", "is not valid JSON")]
    [InlineData(null, "names '2027-01' as \"active\", which is not one of its kids")]
    public async Task Invalid_secret_swap_is_logged_once_and_posts_keep_syncing_with_the_previous_key(string? content, string problem)
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11"));
        var (host, time) = await StartAsync(volume);
        await using var _ = host;
        Assert.Equal("2026-11", await PostAndReadKidAsync(host, time)); // started: the first use of the client starts it

        volume.Update(content ?? Jwks("2027-01", "2026-11", "2026-12"));
        time.Advance(DefaultPoll * 4);

        Assert.Equal("2026-11", await PostAndReadKidAsync(host, time));
        var warning = Assert.Single(host.Factory.Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("settings reload rejected", StringComparison.Ordinal));
        Assert.StartsWith("Encryption settings reload rejected", warning.Message, StringComparison.Ordinal);
        Assert.Contains(problem, warning.Message, StringComparison.Ordinal);

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        time.Advance(DefaultPoll);
        Assert.Equal("2026-12", await PostAndReadKidAsync(host, time));
    }

    private static Task<(GatewayHost Host, FakeTimeProvider Time)> StartAsync(SecretVolume volume) =>
        FakeTimeGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = null,
            ["Encryption:ActiveKeyId"] = null,
            ["Encryption:KeySetFile"] = volume.FilePath,
        });

    private string Jwks(string active, params string[] kids) =>
        TestKeySets.Json(active, [.. kids.Select(kid => (kid, _keys.TryGetValue(kid, out var key) ? key : _keys[kid] = TestKeySets.NewKey()))]);

    /// <summary>Posts a valid form, then reads the email Genesys received: its kid, after decrypting it with that key.</summary>
    private async Task<string> PostAndReadKidAsync(GatewayHost host, FakeTimeProvider time)
    {
        var before = host.Patches().Count;
        using var response = await time.DriveAsync(host.PostValidAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = Assert.Single(host.Patches().Skip(before));
        var email = JsonDocument.Parse(patch.Body).RootElement.EnumerateArray()
            .First(op => op.GetProperty("path").GetString() == "/email").GetProperty("value").GetString()!;
        var kid = JweReader.Kid(email);
        Assert.Equal(ProfileForms.Email, JweReader.Decrypt(email, kid, _keys[kid]));
        return kid;
    }
}

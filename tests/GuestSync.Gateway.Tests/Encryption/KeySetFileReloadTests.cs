using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>
/// <c>Encryption:KeySetFile</c> changed on disk, with no other file touched: in place, renamed over (an editor's save),
/// and swapped the way the kubelet swaps a mounted secret. The file is polled on fake time every
/// <c>Encryption:KeySetPollInterval</c> (1 s here); nothing sleeps.
/// </summary>
public sealed class KeySetFileReloadTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly FieldContext Email = new("/email", "0f8fad5b-d9cb-469f-a165-70867728950e");
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal)
    {
        ["2026-11"] = TestKeySets.NewKey(),
        ["2026-12"] = TestKeySets.NewKey(),
    };

    private readonly FakeTimeProvider _time = new(FakeTimeDriver.Start);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    [Fact]
    public async Task Secret_volume_swap_through_the_data_symlink_encrypts_the_next_value_with_the_new_key()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11"));
        var host = await StartAsync(volume.FilePath);
        Assert.Equal("2026-11", EncryptedKid(host));

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        Assert.Equal("2026-11", EncryptedKid(host)); // read on the next poll, not on the request path
        _time.Advance(Interval);

        var jwe = Encrypt(host);
        Assert.Equal("2026-12", JweReader.Kid(jwe));
        Assert.Equal("ada@example.com", JweReader.Decrypt(jwe, "2026-12", _keys["2026-12"]));
        Assert.Equal(["2026-11", "2026-12"], Ring(host).KeyIds);
    }

    [Fact]
    public async Task Switching_only_the_active_member_of_the_secret_switches_the_kid()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11", "2026-12"));
        var host = await StartAsync(volume.FilePath);

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        _time.Advance(Interval);
        Assert.Equal("2026-12", EncryptedKid(host));

        volume.Update(Jwks("2026-11", "2026-11", "2026-12"));
        _time.Advance(Interval);
        Assert.Equal("2026-11", EncryptedKid(host));
        Assert.Equal(2, Applied().Count());
        Assert.Contains("active as named by the key set's \"active\"", Applied().Last(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad JSON", "{\"active\":\"2026-12\",\"keys\":[", "is not valid JSON (line 1")]
    [InlineData("unknown active kid", null, "names '2027-01' as \"active\", which is not one of its kids")]
    [InlineData("empty file", "", "is empty")]
    public async Task Invalid_secret_swap_is_logged_once_and_the_previous_key_set_keeps_encrypting(string scenario, string? content, string problem)
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11"));
        var host = await StartAsync(volume.FilePath);
        var before = Ring(host);

        volume.Update(content ?? Jwks("2027-01", "2026-11", "2026-12"));
        for (var poll = 0; poll < 5; poll++)
        {
            _time.Advance(Interval);
        }

        Assert.Same(before, Ring(host));
        Assert.Equal("2026-11", EncryptedKid(host));
        var warning = Assert.Single(_logs.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.StartsWith("Encryption settings reload rejected", warning.Message, StringComparison.Ordinal);
        Assert.Contains(problem, warning.Message, StringComparison.Ordinal);
        Assert.Contains("still encrypting with key 2026-11", warning.Message, StringComparison.Ordinal);
        AssertNoKeyMaterialInLogs();

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        _time.Advance(Interval);
        Assert.True(Applied().Any(), scenario);
        Assert.Equal("2026-12", EncryptedKid(host));
    }

    [Fact]
    public async Task In_place_rewrite_of_a_regular_file_is_picked_up()
    {
        var path = OwnedFile(Jwks("2026-11", "2026-11"));
        var host = await StartAsync(path);

        File.WriteAllText(path, Jwks("2026-12", "2026-11", "2026-12"));
        _time.Advance(Interval);
        Assert.Equal("2026-12", EncryptedKid(host));

        // The same length, likely within the same second: only the content tells this write from the last.
        File.WriteAllText(path, Jwks("2026-11", "2026-11", "2026-12"));
        _time.Advance(Interval);
        Assert.Equal("2026-11", EncryptedKid(host));
    }

    [Fact]
    public async Task Editor_save_that_renames_a_new_file_over_the_old_is_picked_up()
    {
        var path = OwnedFile(Jwks("2026-11", "2026-11"));
        var host = await StartAsync(path);

        File.WriteAllText(path + ".swp", Jwks("2026-12", "2026-11", "2026-12"));
        File.Move(path + ".swp", path, overwrite: true);
        _time.Advance(Interval);

        Assert.Equal("2026-12", EncryptedKid(host));
    }

    [Fact]
    public async Task Unchanged_file_is_never_reloaded()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11"));
        var host = await StartAsync(volume.FilePath);
        var ring = Ring(host);

        volume.Update(Jwks("2026-11", "2026-11")); // a kubelet resync that rewrites the same content
        for (var poll = 0; poll < 20; poll++)
        {
            _time.Advance(Interval);
        }

        Assert.Same(ring, Ring(host));
        Assert.Empty(Applied());
    }

    [Fact]
    public async Task ActiveKeyId_setting_wins_over_the_files_active_member_and_the_log_says_so()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11", "2026-12"));
        var host = await StartAsync(volume.FilePath, activeKeyId: "2026-11");

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        _time.Advance(Interval);

        Assert.Equal("2026-11", EncryptedKid(host));
        Assert.Contains("active as named by Encryption:ActiveKeyId, which overrides the key set's \"active\" 2026-12", Assert.Single(Applied()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_within_one_poll_interval_wait_for_the_next_poll()
    {
        using var volume = new SecretVolume("keys.json", Jwks("2026-11", "2026-11"));
        var host = await StartAsync(volume.FilePath, pollInterval: TimeSpan.FromSeconds(30));

        volume.Update(Jwks("2026-12", "2026-11", "2026-12"));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("2026-11", EncryptedKid(host));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("2026-12", EncryptedKid(host));
    }

    private async Task<IHost> StartAsync(string keySetFile, string? activeKeyId = null, TimeSpan? pollInterval = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encryption:KeySetFile"] = keySetFile,
            ["Encryption:ActiveKeyId"] = activeKeyId,
            ["Encryption:KeySetPollInterval"] = (pollInterval ?? Interval).ToString(),
        });
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddGatewayEncryption(builder.Configuration);
        var host = builder.Build();
        _owned.Add(host);
        await host.StartAsync();
        return host;
    }

    private string OwnedFile(string content)
    {
        var folder = Directory.CreateTempSubdirectory("guestsync-keys-");
        _owned.Add(new DeleteFolder(folder.FullName));
        var path = Path.Combine(folder.FullName, "keys.json");
        File.WriteAllText(path, content);
        return path;
    }

    private string Jwks(string active, params string[] kids) =>
        TestKeySets.Json(active, [.. kids.Select(kid => (kid, _keys.TryGetValue(kid, out var key) ? key : _keys[kid] = TestKeySets.NewKey()))]);

    private static KeyRing Ring(IHost host) => host.Services.GetRequiredService<IKeyRingProvider>().Current;

    private static string Encrypt(IHost host) =>
        host.Services.GetServices<IFieldEncryptor>().Single(encryptor => encryptor.Envelope == EncryptionEnvelope.Jwe).Encrypt("ada@example.com", Email);

    private string EncryptedKid(IHost host)
    {
        var jwe = Encrypt(host);
        var kid = JweReader.Kid(jwe);
        Assert.Equal("ada@example.com", JweReader.Decrypt(jwe, kid, _keys[kid]));
        return kid;
    }

    private IEnumerable<string> Applied() =>
        _logs.Entries.Where(entry => entry.Message.StartsWith("Encryption settings applied", StringComparison.Ordinal)).Select(entry => entry.Message);

    private void AssertNoKeyMaterialInLogs()
    {
        var text = string.Join('\n', _logs.Entries.Select(entry => entry.Message));
        foreach (var key in _keys.Values)
        {
            Assert.DoesNotContain(System.Buffers.Text.Base64Url.EncodeToString(key), text, StringComparison.Ordinal);
        }
    }

    private sealed class DeleteFolder(string path) : IDisposable
    {
        public void Dispose() => Directory.Delete(path, recursive: true);
    }
}

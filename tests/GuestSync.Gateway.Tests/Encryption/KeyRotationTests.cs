using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Tests.Encryption;

public sealed class KeyRotationTests : IAsyncLifetime
{
    private static readonly FieldContext Email = new("/email", "0f8fad5b-d9cb-469f-a165-70867728950e");
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal) { ["2025-01"] = TestKeySets.NewKey() };
    private readonly CapturingLoggerProvider _logs = new();
    private IConfigurationRoot _configuration = null!;
    private MemoryConfigurationProvider _settings = null!;
    private IHost _host = null!;

    private IFieldEncryptor Jwe => _host.Services.GetServices<IFieldEncryptor>().Single(encryptor => encryptor.Envelope == EncryptionEnvelope.Jwe);

    private KeyRing Ring => _host.Services.GetRequiredService<IKeyRingProvider>().Current;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = TestKeySets.Json(("2025-01", _keys["2025-01"])),
            ["Encryption:ActiveKeyId"] = "2025-01",
        });
        builder.Logging.AddProvider(_logs);
        builder.Services.AddGatewayEncryption(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
        _configuration = (IConfigurationRoot)_host.Services.GetRequiredService<IConfiguration>();
        _settings = _configuration.Providers.OfType<MemoryConfigurationProvider>().Last(); // ours: the host adds its own first
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public void Reload_that_adds_a_key_and_switches_ActiveKeyId_encrypts_the_next_value_with_the_new_key()
    {
        var before = Jwe.Encrypt("ada@example.com", Email);

        Rotate("2025-02");
        var after = Jwe.Encrypt("ada@example.com", Email);

        Assert.Equal("2025-01", JweReader.Kid(before));
        Assert.Equal("2025-02", JweReader.Kid(after));
        Assert.Equal(["2025-01", "2025-02"], Ring.KeyIds);
    }

    [Fact]
    public void Values_encrypted_before_a_rotation_still_decrypt_with_the_key_their_kid_names()
    {
        var old = Jwe.Encrypt("ada@example.com", Email);
        Rotate("2025-02");
        var current = Jwe.Encrypt("grace@example.com", Email);

        Assert.Equal("ada@example.com", DecryptByKid(old));
        Assert.Equal("grace@example.com", DecryptByKid(current));
    }

    [Fact]
    public void Invalid_reload_keeps_the_previous_ring_and_logs_a_warning_without_key_material()
    {
        var ringBefore = Ring;
        var shortKey = TestKeySets.NewKey()[..16];
        _settings.Set("Encryption:KeySet", TestKeySets.Json(("2025-01", _keys["2025-01"]), ("2025-02", shortKey)));
        _settings.Set("Encryption:ActiveKeyId", "2025-02");

        ReloadConfiguration();

        Assert.Same(ringBefore, Ring);
        Assert.Equal("2025-01", JweReader.Kid(Jwe.Encrypt("ada@example.com", Email)));
        var warning = Assert.Single(_logs.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("key '2025-02' is 16 bytes", warning.Message, StringComparison.Ordinal);
        Assert.Contains("still encrypting with key 2025-01", warning.Message, StringComparison.Ordinal);
        AssertNoKeyMaterialIn(_logs.Entries.Select(entry => entry.Message), [.. _keys.Values, shortKey]);
    }

    [Fact]
    public void A_valid_reload_after_an_invalid_one_takes_effect()
    {
        _settings.Set("Encryption:ActiveKeyId", "not-there");
        ReloadConfiguration();

        Rotate("2025-02");

        Assert.Equal("2025-02", JweReader.Kid(Jwe.Encrypt("ada@example.com", Email)));
    }

    [Fact]
    public async Task Rotation_under_concurrent_traffic_keeps_every_value_decryptable_by_its_kid()
    {
        var values = new System.Collections.Concurrent.ConcurrentBag<(string Plaintext, string Jwe)>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            var encryptor = Jwe;
            for (var i = 0; !stop.IsCancellationRequested || i < 50; i++)
            {
                var plaintext = $"guest-{writer}-{i}@example.com";
                values.Add((plaintext, encryptor.Encrypt(plaintext, Email)));
            }
        })).ToArray();

        string[] rotations = ["2025-02", "2025-03", "2025-04", "2025-05"];
        foreach (var kid in rotations)
        {
            var target = values.Count + 200; // let traffic run on the current key before rotating again
            Assert.True(SpinWait.SpinUntil(() => values.Count >= target, TimeSpan.FromSeconds(30)));
            Rotate(kid);
        }

        // Writers stop as soon as they are told to, so let traffic reach the last key before telling them.
        var last = values.Count + 200;
        Assert.True(SpinWait.SpinUntil(() => values.Count >= last, TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.All(values, value => Assert.Equal(value.Plaintext, DecryptByKid(value.Jwe)));
        Assert.Equal(["2025-01", .. rotations], values.Select(value => JweReader.Kid(value.Jwe)).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Key_set_file_is_read_again_on_reload()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, TestKeySets.Json(("2025-01", _keys["2025-01"])));
            _settings.Set("Encryption:KeySet", null);
            _settings.Set("Encryption:KeySetFile", path);
            ReloadConfiguration();
            Assert.Equal(["2025-01"], Ring.KeyIds);

            _keys["2025-02"] = TestKeySets.NewKey();
            File.WriteAllText(path, TestKeySets.Json(("2025-01", _keys["2025-01"]), ("2025-02", _keys["2025-02"])));
            _settings.Set("Encryption:ActiveKeyId", "2025-02");
            ReloadConfiguration();

            var jwe = Jwe.Encrypt("ada@example.com", Email);
            Assert.Equal("2025-02", JweReader.Kid(jwe));
            Assert.Equal("ada@example.com", DecryptByKid(jwe));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertNoKeyMaterialIn(IEnumerable<string> lines, IEnumerable<byte[]> keys)
    {
        var text = string.Join('\n', lines);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(System.Buffers.Text.Base64Url.EncodeToString(key), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(key), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(key), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A backend's view: the header's kid picks the key from the set it holds.</summary>
    private string DecryptByKid(string jwe)
    {
        var kid = JweReader.Kid(jwe);
        return JweReader.Decrypt(jwe, kid, _keys[kid]);
    }

    private void Rotate(string newKid)
    {
        _keys[newKid] = TestKeySets.NewKey();
        _settings.Set("Encryption:KeySet", TestKeySets.Json([.. _keys.Select(pair => (pair.Key, pair.Value))]));
        _settings.Set("Encryption:ActiveKeyId", newKid);
        ReloadConfiguration();
    }

    /// <summary>
    /// Reloads configuration as a file change would. On an invalid reload the options monitor (created by
    /// ValidateOnStart) rethrows the validation failure to whoever triggered the reload; for a JSON file that is a
    /// background file-watcher task, so it is ignored here the same way. The key ring is unaffected either way.
    /// </summary>
    private void ReloadConfiguration()
    {
        try
        {
            _configuration.Reload();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
        }
    }
}

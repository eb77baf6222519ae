using System.Buffers.Text;
using System.Text;
using GuestSync.Gateway.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Tests.Encryption;

public sealed class KeySetValidationTests
{
    private static readonly byte[] PlaceholderKey = "PRODUCTION-MASTER-SECRET-32CHARS"u8.ToArray();
    private static readonly byte[] SecretKey = TestKeySets.NewKey();
    private static readonly byte[] ShortKey = TestKeySets.NewKey()[..16];
    private static readonly byte[] LongKey = [.. TestKeySets.NewKey(), .. TestKeySets.NewKey()];

    public static TheoryData<string, EncryptionOptions, string[]> InvalidConfigurations() => new()
    {
        {
            "nothing set",
            new EncryptionOptions(),
            ["set Encryption:KeySet", "or Encryption:KeySetFile"]
        },
        {
            "both set",
            new EncryptionOptions { KeySet = TestKeySets.Json(("k1", SecretKey)), KeySetFile = "/run/secrets/keys.json", ActiveKeyId = "k1" },
            ["Encryption:KeySet and Encryption:KeySetFile are both set"]
        },
        {
            "unreadable file",
            new EncryptionOptions { KeySetFile = "/nonexistent/keys.json", ActiveKeyId = "k1" },
            ["Encryption:KeySetFile '/nonexistent/keys.json' cannot be read", "does not exist"]
        },
        {
            "invalid JSON quoting a secret",
            new EncryptionOptions { KeySet = $"{{\"keys\":[{{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"{Base64Url.EncodeToString(SecretKey)}\"}}", ActiveKeyId = "k1" },
            ["Encryption:KeySet is not valid JSON (line 1"]
        },
        {
            "not a JWKS",
            new EncryptionOptions { KeySet = $"[\"{Base64Url.EncodeToString(SecretKey)}\"]", ActiveKeyId = "k1" },
            ["Encryption:KeySet is not a JWKS document"]
        },
        {
            "no keys",
            new EncryptionOptions { KeySet = "{\"keys\":[]}", ActiveKeyId = "k1" },
            ["Encryption:KeySet contains no keys"]
        },
        {
            "16-byte key",
            new EncryptionOptions { KeySet = TestKeySets.Json(("short-one", ShortKey)), ActiveKeyId = "short-one" },
            ["key 'short-one' is 16 bytes", "32-byte (256-bit)"]
        },
        {
            "64-byte key",
            new EncryptionOptions { KeySet = TestKeySets.Json(("long-one", LongKey)), ActiveKeyId = "long-one" },
            ["key 'long-one' is 64 bytes"]
        },
        {
            "duplicate kid",
            new EncryptionOptions { KeySet = TestKeySets.Json(("twice", SecretKey), ("twice", TestKeySets.NewKey())), ActiveKeyId = "twice" },
            ["kid 'twice' appears more than once"]
        },
        {
            "missing kid",
            new EncryptionOptions { KeySet = $"{{\"keys\":[{{\"kty\":\"oct\",\"k\":\"{Base64Url.EncodeToString(SecretKey)}\"}}]}}", ActiveKeyId = "k1" },
            ["key #1 has no \"kid\""]
        },
        {
            "RSA key",
            new EncryptionOptions { KeySet = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}", ActiveKeyId = "rsa-1" },
            ["key 'rsa-1' has kty 'RSA'; only \"oct\""]
        },
        {
            "k not base64url",
            new EncryptionOptions { KeySet = $"{{\"keys\":[{{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"{Convert.ToBase64String(SecretKey)}!\"}}]}}", ActiveKeyId = "k1" },
            ["key 'k1' has no \"k\" or a \"k\" that is not base64url"]
        },
        {
            "ActiveKeyId missing and no active member",
            new EncryptionOptions { KeySet = TestKeySets.Json(("2024-12", SecretKey), ("2025-01", TestKeySets.NewKey())) },
            ["Encryption:ActiveKeyId is not set and Encryption:KeySet has no \"active\" member", "2024-12, 2025-01"]
        },
        {
            "active member unknown",
            new EncryptionOptions { KeySet = TestKeySets.Json("2025-02", ("2024-12", SecretKey), ("2025-01", TestKeySets.NewKey())) },
            ["Encryption:KeySet names '2025-02' as \"active\", which is not one of its kids", "2024-12, 2025-01"]
        },
        {
            "active member unknown while ActiveKeyId wins",
            new EncryptionOptions { KeySet = TestKeySets.Json("2025-02", ("2024-12", SecretKey)), ActiveKeyId = "2024-12" },
            ["names '2025-02' as \"active\""]
        },
        {
            "active member not a string",
            new EncryptionOptions { KeySet = $"{{\"active\":1,\"keys\":[{{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"{Base64Url.EncodeToString(SecretKey)}\"}}]}}" },
            ["Encryption:KeySet has an \"active\" member that is not a kid"]
        },
        {
            "active member that is a key, not a kid",
            new EncryptionOptions { KeySet = TestKeySets.Json($"{Convert.ToBase64String(SecretKey)}<", ("k1", SecretKey)) },
            ["names a value that is no kid as \"active\""]
        },
        {
            "ActiveKeyId unknown",
            new EncryptionOptions { KeySet = TestKeySets.Json(("2024-12", SecretKey), ("2025-01", TestKeySets.NewKey())), ActiveKeyId = "2025-02" },
            ["Encryption:ActiveKeyId '2025-02' is not in Encryption:KeySet", "the kids present are: 2024-12, 2025-01"]
        },
        {
            "tutorial placeholder",
            new EncryptionOptions { KeySet = TestKeySets.Json(("tutorial", PlaceholderKey)), ActiveKeyId = "tutorial" },
            ["key 'tutorial' is the placeholder key published in the original tutorial"]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigurations))]
    public void Invalid_key_set_is_refused_with_a_message_naming_the_setting(string scenario, EncryptionOptions options, string[] expected)
    {
        var result = Compile(options);

        Assert.True(result.Failed, scenario);
        Assert.All(expected, fragment => Assert.Contains(fragment, result.FailureMessage, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(InvalidConfigurations))]
    public void Validation_messages_never_contain_key_material(string scenario, EncryptionOptions options, string[] expected)
    {
        _ = expected;
        var message = Compile(options).FailureMessage;

        foreach (var key in new[] { SecretKey, ShortKey, LongKey, PlaceholderKey })
        {
            Assert.DoesNotContain(Base64Url.EncodeToString(key), message, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(key), message, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(key), message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Encoding.Latin1.GetString(key), message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("PRODUCTION-MASTER", message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(scenario));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new EncryptionOptions
        {
            KeySet = TestKeySets.Json(("short", ShortKey), ("tutorial", PlaceholderKey), ("ok", SecretKey), ("ok", SecretKey)),
            ActiveKeyId = "missing",
        };

        var failures = Compile(options).Failures!;

        Assert.Equal(4, failures.Count());
    }

    [Fact]
    public void Key_set_file_is_loaded()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, TestKeySets.Json(("from-file", SecretKey)));

            var ring = KeySetLoader.TryLoad(new EncryptionOptions { KeySetFile = path, ActiveKeyId = "from-file" }, out var errors);

            Assert.Empty(errors);
            Assert.Equal("from-file", ring!.ActiveKey.KeyId);
            Assert.True(ring.ActiveKey.Material.SequenceEqual(SecretKey));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Key_set_names_its_own_active_key_when_ActiveKeyId_is_not_set()
    {
        var ring = KeySetLoader.TryLoad(new EncryptionOptions { KeySet = TestKeySets.Json("new", ("old", TestKeySets.NewKey()), ("new", SecretKey)) }, out var errors);

        Assert.Empty(errors);
        Assert.Equal("new", ring!.ActiveKey.KeyId);
        Assert.Equal("the key set's \"active\"", ring.ActiveKeyNamedBy);
    }

    [Fact]
    public void ActiveKeyId_wins_over_the_key_sets_active_member()
    {
        var ring = KeySetLoader.TryLoad(
            new EncryptionOptions { KeySet = TestKeySets.Json("new", ("old", SecretKey), ("new", TestKeySets.NewKey())), ActiveKeyId = "old" },
            out var errors);

        Assert.Empty(errors);
        Assert.Equal("old", ring!.ActiveKey.KeyId);
        Assert.Equal("Encryption:ActiveKeyId, which overrides the key set's \"active\" new", ring.ActiveKeyNamedBy);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.050")]
    [InlineData("01:00:01")]
    public async Task Gateway_refuses_to_start_with_a_key_set_poll_interval_out_of_range(string interval)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = TestKeySets.Json(("k1", SecretKey)),
            ["Encryption:ActiveKeyId"] = "k1",
            ["Encryption:KeySetPollInterval"] = interval,
        });
        builder.Services.AddGatewayEncryption(builder.Configuration);
        using var host = builder.Build();

        // Reported by the options check and again by the key set's own start check (the start message lists it once).
        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        Assert.Contains("Encryption:KeySetPollInterval must be between 00:00:00.100 and 01:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_key_set_builds_a_ring_with_every_kid_and_the_active_key()
    {
        var ring = TestKeySets.Ring("new", ("old", TestKeySets.NewKey()), ("new", SecretKey));

        Assert.Equal(["old", "new"], ring.KeyIds);
        Assert.Equal("new", ring.ActiveKey.KeyId);
        Assert.True(ring.TryGetKey("old", out var old) && old.KeyId == "old");
        Assert.False(ring.TryGetKey("OLD", out _));
    }

    [Fact]
    public void Key_prints_as_its_kid_only()
    {
        var ring = TestKeySets.Ring("k1", ("k1", SecretKey));

        Assert.Equal("k1", ring.ActiveKey.ToString());
    }

    [Fact]
    public async Task Gateway_refuses_to_start_without_a_key_set_and_says_what_to_set()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGatewayEncryption(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("set Encryption:KeySet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_refuses_to_start_with_the_tutorial_placeholder_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = TestKeySets.Json(("tutorial", PlaceholderKey)),
            ["Encryption:ActiveKeyId"] = "tutorial",
        });
        builder.Services.AddGatewayEncryption(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("placeholder key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Base64Url.EncodeToString(PlaceholderKey), error.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Compile(EncryptionOptions options)
    {
        var errors = new List<string>();
        return new KeySetCompiler().Compile(options, errors) is null ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}

using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Sandbox;

namespace GuestSync.Gateway.Tests.Sandbox;

public sealed class SandboxKeysTests
{
    [Fact]
    public void Sandbox_key_set_is_one_valid_256_bit_key_with_a_sandbox_kid()
    {
        var keySet = SandboxKeys.Create();

        var ring = KeySetLoader.TryLoad(new EncryptionOptions { KeySet = keySet.KeySetJson, ActiveKeyId = keySet.ActiveKeyId }, out var errors);

        Assert.Empty(errors);
        Assert.Matches(new Regex("^sandbox-[0-9a-f]{8}$"), keySet.ActiveKeyId);
        Assert.Equal([keySet.ActiveKeyId], ring!.KeyIds);
    }

    [Fact]
    public void Every_sandbox_key_set_has_its_own_key_and_kid()
    {
        var first = SandboxKeys.Create();
        var second = SandboxKeys.Create();

        Assert.NotEqual(first.ActiveKeyId, second.ActiveKeyId);
        Assert.NotEqual(KeyOf(first), KeyOf(second));
    }

    [Fact]
    public void Sandbox_key_set_prints_without_its_key()
    {
        var keySet = SandboxKeys.Create();

        Assert.DoesNotContain(KeyOf(keySet), keySet.ToString(), StringComparison.Ordinal);
        Assert.Contains(keySet.ActiveKeyId, keySet.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sandbox_key_set_becomes_the_two_encryption_settings()
    {
        var keySet = SandboxKeys.Create();

        Assert.Equal(
            [new("Encryption:KeySet", keySet.KeySetJson), new("Encryption:ActiveKeyId", keySet.ActiveKeyId)],
            keySet.ToConfiguration());
    }

    private static string KeyOf(SandboxKeySet keySet)
    {
        using var document = JsonDocument.Parse(keySet.KeySetJson);
        var k = document.RootElement.GetProperty("keys")[0].GetProperty("k").GetString()!;
        Assert.Equal(32, Base64Url.DecodeFromChars(k).Length);
        return k;
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GuestSync.Browser.Tests;

/// <summary>
/// A key the test gives the gateway, and a decryptor of its own over <see cref="AesGcm"/> (RFC 7516 compact,
/// <c>dir</c>/<c>A256GCM</c>), so the test checks the stored ciphertext without trusting the gateway's code.
/// </summary>
internal sealed class BrowserTestKey
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string KeyId { get; } = "browser-test-key";

    public string KeySetJson => JsonSerializer.Serialize(new { keys = new[] { new { kty = "oct", kid = KeyId, k = Base64Url.EncodeToString(_key) } } });

    public string Decrypt(string jwe)
    {
        var parts = jwe.Split('.');
        Assert.Equal(5, parts.Length);
        Assert.Empty(parts[1]);
        using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
        {
            Assert.Equal(KeyId, header.RootElement.GetProperty("kid").GetString());
        }

        var ciphertext = Base64Url.DecodeFromChars(parts[3]);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(Base64Url.DecodeFromChars(parts[2]), ciphertext, Base64Url.DecodeFromChars(parts[4]), plaintext, Encoding.ASCII.GetBytes(parts[0]));
        return Encoding.UTF8.GetString(plaintext);
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>The README's C# decryption snippets, verbatim, against the gateway's own encryptors.</summary>
public sealed class ReadmeDecryptionTests
{
    private const string Kid = "2026-11";
    private static readonly byte[] Key = TestKeySets.NewKey();

    [Fact]
    public void Readme_jwe_snippet_decrypts_what_the_gateway_encrypts()
    {
        var encryptor = new JweFieldEncryptor(TestKeySets.Provider(Kid, (Kid, Key)));
        var jwe = encryptor.Encrypt("Zoë 🌍 +44", new FieldContext("/name", "guest-1"));

        Assert.Equal("Zoë 🌍 +44", DecryptJwe(jwe, new Dictionary<string, byte[]> { [Kid] = Key }, "/name", "guest-1"));
        Assert.Throws<CryptographicException>(() => DecryptJwe(jwe, new Dictionary<string, byte[]> { [Kid] = Key }, "/email", "guest-1"));
    }

    [Fact]
    public void Readme_seed_snippet_decrypts_what_the_gateway_encrypts()
    {
        var encryptor = new SeedCompatibleFieldEncryptor(TestKeySets.Provider(Kid, (Kid, Key)));
        var value = encryptor.Encrypt("ada@example.org", new FieldContext("/email", "guest-1"));

        Assert.Equal("ada@example.org", DecryptSeed(value, Key));
    }

    // From README.md, "Decrypting on the backend".
    private static string DecryptJwe(string jwe, IReadOnlyDictionary<string, byte[]> keysByKid, string expectedField, string expectedGuest)
    {
        var parts = jwe.Split('.');                       // header . (empty key) . iv . ciphertext . tag
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        var h = header.RootElement;
        if (h.GetProperty("fld").GetString() != expectedField || h.GetProperty("gid").GetString() != expectedGuest)
        {
            throw new CryptographicException("The value belongs to another field or guest.");
        }

        var ciphertext = Base64Url.DecodeFromChars(parts[3]);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(keysByKid[h.GetProperty("kid").GetString()!], tagSizeInBytes: 16);
        aes.Decrypt(Base64Url.DecodeFromChars(parts[2]), ciphertext, Base64Url.DecodeFromChars(parts[4]), plaintext,
            associatedData: Encoding.ASCII.GetBytes(parts[0]));
        return Encoding.UTF8.GetString(plaintext);
    }

    // From README.md, "Decrypting on the backend".
    private static string DecryptSeed(string value, byte[] key)
    {
        var bytes = Convert.FromBase64String(value);       // 12-byte nonce, ciphertext, 16-byte tag
        var plaintext = new byte[bytes.Length - 28];
        using var aes = new AesGcm(key, tagSizeInBytes: 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, plaintext.Length), bytes.AsSpan(bytes.Length - 16), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }
}

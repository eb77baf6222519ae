using System.Security.Cryptography;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>The README's C# decryption snippets, read from README.md at build time, against the gateway's own encryptors.</summary>
public sealed class ReadmeDecryptionTests
{
    private const string Kid = "2026-11";
    private static readonly byte[] Key = TestKeySets.NewKey();

    [Fact]
    public void Readme_jwe_snippet_decrypts_what_the_gateway_encrypts()
    {
        var encryptor = new JweFieldEncryptor(TestKeySets.Provider(Kid, (Kid, Key)));
        var jwe = encryptor.Encrypt("Zoë 🌍 +44", new FieldContext("/name", "guest-1"));

        Assert.Equal("Zoë 🌍 +44", ReadmeSnippets.DecryptJwe(jwe, new Dictionary<string, byte[]> { [Kid] = Key }, "/name", "guest-1"));
        Assert.Throws<CryptographicException>(() => ReadmeSnippets.DecryptJwe(jwe, new Dictionary<string, byte[]> { [Kid] = Key }, "/email", "guest-1"));
    }

    [Fact]
    public void Readme_seed_snippet_decrypts_what_the_gateway_encrypts()
    {
        var encryptor = new SeedCompatibleFieldEncryptor(TestKeySets.Provider(Kid, (Kid, Key)));
        var value = encryptor.Encrypt("ada@example.org", new FieldContext("/email", "guest-1"));

        Assert.Equal("ada@example.org", ReadmeSnippets.DecryptSeed(value, Key));
    }
}

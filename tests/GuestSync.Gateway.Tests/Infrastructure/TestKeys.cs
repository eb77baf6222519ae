using GuestSync.Gateway.Tests.Encryption;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>A fresh AES-256 key and its one-key JWKS, as an operator would configure it.</summary>
internal sealed class TestKeys
{
    public TestKeys(string keyId = "test-key-1")
    {
        KeyId = keyId;
        Key = TestKeySets.NewKey();
    }

    public string KeyId { get; }

    public byte[] Key { get; }

    public string KeySetJson => TestKeySets.Json((KeyId, Key));

    /// <summary>Decrypts a JWE value with this key, through Microsoft.IdentityModel.</summary>
    public string Decrypt(string jwe) => JweReader.Decrypt(jwe, KeyId, Key);
}

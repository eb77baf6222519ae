using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>A fresh AES-256 key and its one-key JWKS, as an operator would configure it.</summary>
internal sealed class TestKeys
{
    public TestKeys(string keyId = "test-key-1")
    {
        KeyId = keyId;
        Key = RandomNumberGenerator.GetBytes(32);
    }

    public string KeyId { get; }

    public byte[] Key { get; }

    public string KeySetJson => KeySetOf((KeyId, Key));

    public static string KeySetOf(params (string KeyId, byte[] Key)[] keys) =>
        "{\"keys\":[" + string.Join(",", keys.Select(k => $"{{\"kty\":\"oct\",\"kid\":\"{k.KeyId}\",\"k\":\"{Base64UrlEncoder.Encode(k.Key)}\"}}")) + "]}";
}

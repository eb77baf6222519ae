using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>Builds JWKS documents and key rings for tests.</summary>
internal static class TestKeySets
{
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string Json(params (string Kid, byte[] Key)[] keys) =>
        JsonSerializer.Serialize(new
        {
            keys = keys.Select(key => new { kty = "oct", kid = key.Kid, k = Base64Url.EncodeToString(key.Key) }),
        });

    /// <summary>A JWKS that names its own active key in a top-level <c>"active"</c> member.</summary>
    public static string Json(string active, params (string Kid, byte[] Key)[] keys) =>
        JsonSerializer.Serialize(new
        {
            active,
            keys = keys.Select(key => new { kty = "oct", kid = key.Kid, k = Base64Url.EncodeToString(key.Key) }),
        });

    public static KeyRing Ring(string activeKid, params (string Kid, byte[] Key)[] keys) =>
        KeySetLoader.TryLoad(new EncryptionOptions { KeySet = Json(keys), ActiveKeyId = activeKid }, out var errors)
            ?? throw new InvalidOperationException(string.Join(" ", errors));

    public static IKeyRingProvider Provider(string activeKid, params (string Kid, byte[] Key)[] keys) =>
        new FixedKeyRingProvider(Ring(activeKid, keys));

    private sealed class FixedKeyRingProvider(KeyRing ring) : IKeyRingProvider
    {
        public KeyRing Current { get; } = ring;
    }
}

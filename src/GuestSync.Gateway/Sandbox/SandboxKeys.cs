using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Sandbox;

/// <summary>
/// Ephemeral keys for the sandbox mode: a fresh random 256-bit key each call, living only as long as the
/// process that made it, so values encrypted with it are readable only inside that run.
/// </summary>
internal static class SandboxKeys
{
    /// <summary>Creates a JWKS key set with one random 256-bit <c>oct</c> key whose kid is <c>sandbox-&lt;8 hex&gt;</c>.</summary>
    public static SandboxKeySet Create()
    {
        var keyId = $"sandbox-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        Span<byte> key = stackalloc byte[EncryptionConstants.KeySizeBytes];
        RandomNumberGenerator.Fill(key);
        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("keys");
                writer.WriteStartObject();
                writer.WriteString("kty", "oct");
                writer.WriteString("use", "enc");
                writer.WriteString("kid", keyId);
                writer.WriteString("k", Base64Url.EncodeToString(key));
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return new SandboxKeySet(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), keyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Sandbox;

/// <summary>
/// Reads back a value the gateway encrypted, with the sandbox's key ring, to show what it was: a JWE
/// (<c>dir</c>, <c>A256GCM</c>, RFC 7516 compact form) by its <c>kid</c>, or a seed-compatible
/// base64(nonce ‖ ciphertext ‖ tag) with the active key. Sandbox only: a live gateway never decrypts.
/// </summary>
internal sealed class SandboxValueDecryptor
{
    private readonly IKeyRingProvider _keyRings;

    public SandboxValueDecryptor(IKeyRingProvider keyRings)
    {
        _keyRings = keyRings ?? throw new ArgumentNullException(nameof(keyRings));
    }

    /// <summary>The plaintext, or null when the value is not something this key ring encrypted.</summary>
    public SandboxDecryption? TryDecrypt(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            var parts = value.Split('.');
            return parts.Length == 5 ? TryDecryptJwe(parts) : TryDecryptSeedCompatible(value);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private SandboxDecryption? TryDecryptJwe(string[] parts)
    {
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        var root = header.RootElement;
        if (parts[1].Length != 0
            || root.GetProperty("alg").GetString() != "dir"
            || root.GetProperty("enc").GetString() != "A256GCM"
            || root.GetProperty("kid").GetString() is not { } keyId
            || !_keyRings.Current.TryGetKey(keyId, out var key))
        {
            return null;
        }

        var plaintext = Decrypt(key, Base64Url.DecodeFromChars(parts[2]), Base64Url.DecodeFromChars(parts[3]), Base64Url.DecodeFromChars(parts[4]), Encoding.ASCII.GetBytes(parts[0]));
        var field = root.TryGetProperty("fld", out var fld) ? fld.GetString() : null;
        var guest = root.TryGetProperty("gid", out var gid) ? gid.GetString() : null;
        return new SandboxDecryption(plaintext, keyId, "JWE (dir, A256GCM)", field, guest);
    }

    private SandboxDecryption? TryDecryptSeedCompatible(string value)
    {
        var raw = Convert.FromBase64String(value);
        if (raw.Length < EncryptionConstants.NonceSizeBytes + EncryptionConstants.TagSizeBytes)
        {
            return null;
        }

        var key = _keyRings.Current.ActiveKey;
        var nonce = raw.AsSpan(0, EncryptionConstants.NonceSizeBytes).ToArray();
        var ciphertext = raw.AsSpan(EncryptionConstants.NonceSizeBytes, raw.Length - EncryptionConstants.NonceSizeBytes - EncryptionConstants.TagSizeBytes).ToArray();
        var tag = raw.AsSpan(raw.Length - EncryptionConstants.TagSizeBytes).ToArray();
        return new SandboxDecryption(Decrypt(key, nonce, ciphertext, tag, []), key.KeyId, "base64(nonce ‖ ciphertext ‖ tag)", null, null);
    }

    private static string Decrypt(EncryptionKey key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] associatedData)
    {
        if (nonce.Length != EncryptionConstants.NonceSizeBytes || tag.Length != EncryptionConstants.TagSizeBytes)
        {
            throw new CryptographicException("Not an AES-256-GCM value of this gateway.");
        }

        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key.Material, EncryptionConstants.TagSizeBytes);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        return Encoding.UTF8.GetString(plaintext);
    }
}

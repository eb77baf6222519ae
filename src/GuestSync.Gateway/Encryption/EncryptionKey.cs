namespace GuestSync.Gateway.Encryption;

/// <summary>One 256-bit AES key of the key set, named by its <c>kid</c>. Its string form is the kid, never the key.</summary>
internal sealed class EncryptionKey
{
    private readonly byte[] _material;

    internal EncryptionKey(string keyId, byte[] material)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(material);
        if (material.Length != EncryptionConstants.KeySizeBytes)
        {
            throw new ArgumentException($"Key '{keyId}' must be {EncryptionConstants.KeySizeBytes} bytes.", nameof(material));
        }

        KeyId = keyId;
        _material = material;
    }

    /// <summary>The key's <c>kid</c>, written into every JWE it encrypts.</summary>
    public string KeyId { get; }

    /// <summary>The raw key. Internal so that only this feature (and its tests) can reach it.</summary>
    internal ReadOnlySpan<byte> Material => _material;

    /// <inheritdoc />
    public override string ToString() => KeyId;
}

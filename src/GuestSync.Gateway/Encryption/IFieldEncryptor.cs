namespace GuestSync.Gateway.Encryption;

/// <summary>Encrypts one personal value with AES-256-GCM into a string-safe (ASCII) envelope.</summary>
internal interface IFieldEncryptor
{
    /// <summary>The envelope this encryptor writes.</summary>
    EncryptionEnvelope Envelope { get; }

    /// <summary>The most bytes <see cref="Encrypt"/> can write for a plaintext of <paramref name="plaintextUtf8Length"/> bytes.</summary>
    int GetMaxEncryptedLength(int plaintextUtf8Length, in FieldContext context);

    /// <summary>
    /// Encrypts <paramref name="plaintextUtf8"/> with the active key and a fresh random 96-bit nonce,
    /// writes the ASCII envelope to <paramref name="destination"/> and returns the number of bytes written.
    /// </summary>
    int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination);
}

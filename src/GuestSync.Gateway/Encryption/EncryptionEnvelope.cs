namespace GuestSync.Gateway.Encryption;

/// <summary>How an encrypted field value is packaged, chosen per profile.</summary>
public enum EncryptionEnvelope
{
    /// <summary>JWE compact serialization (RFC 7516), <c>alg</c> <c>dir</c>, <c>enc</c> <c>A256GCM</c>, with <c>kid</c>.</summary>
    Jwe,

    /// <summary>
    /// base64(nonce ‖ ciphertext ‖ tag), what the original WebCrypto code produced. No associated data: a value copied
    /// to another field or guest still decrypts. Prefer <see cref="Jwe"/>.
    /// </summary>
    SeedCompatible,

    /// <summary>
    /// The <see cref="SeedCompatible"/> format with associated data UTF-8(field) ‖ 0x00 ‖ UTF-8(guest id), so a value
    /// moved to another field or guest fails to decrypt; for readers that keep the seed format but can pass AAD.
    /// </summary>
    SeedCompatibleWithContext,
}

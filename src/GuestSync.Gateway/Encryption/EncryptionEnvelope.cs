namespace GuestSync.Gateway.Encryption;

/// <summary>How an encrypted field value is packaged, chosen per profile.</summary>
public enum EncryptionEnvelope
{
    /// <summary>JWE compact serialization (RFC 7516), <c>alg</c> <c>dir</c>, <c>enc</c> <c>A256GCM</c>, with <c>kid</c>.</summary>
    Jwe,

    /// <summary>base64(nonce ‖ ciphertext ‖ tag), what the original WebCrypto code produced.</summary>
    SeedCompatible,
}

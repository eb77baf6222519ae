namespace GuestSync.Gateway.Encryption;

/// <summary>AES-256-GCM parameters and key set limits shared by the envelopes and the key set loader.</summary>
internal static class EncryptionConstants
{
    /// <summary>AES-256: 32-byte keys.</summary>
    public const int KeySizeBytes = 32;

    /// <summary>96-bit GCM nonce, the size GCM is specified for (NIST SP 800-38D).</summary>
    public const int NonceSizeBytes = 12;

    /// <summary>128-bit authentication tag, the full GCM tag.</summary>
    public const int TagSizeBytes = 16;

    /// <summary>
    /// Longest accepted <c>kid</c>. A bound lets <see cref="IFieldEncryptor.GetMaxEncryptedLength"/> size a JWE
    /// without looking at the active key, which a reload may change between sizing and encrypting. A kid is also written
    /// verbatim in a JWE header (<see cref="JweHeaderText.IsVerbatim"/>), so it takes at most this many header bytes.
    /// </summary>
    public const int MaxKeyIdLength = 64;

    /// <summary>How often a key-set file's content is checked by default: soon after a secret manager swaps it.</summary>
    public static readonly TimeSpan DefaultKeySetPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>The shortest poll interval accepted (reading a small file ten times a second is still cheap).</summary>
    public static readonly TimeSpan MinKeySetPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest poll interval accepted.</summary>
    public static readonly TimeSpan MaxKeySetPollInterval = TimeSpan.FromHours(1);
}

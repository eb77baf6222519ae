using System.Buffers;
using System.Buffers.Text;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Writes each value as standard base64 of nonce ‖ ciphertext ‖ tag (12 + n + 16 bytes), the format the original
/// WebCrypto code produced with <c>btoa</c>. It carries no key id and no associated data, so unlike the JWE
/// envelope it neither names its key nor binds the value to its field or guest.
/// </summary>
internal sealed class SeedCompatibleFieldEncryptor : IFieldEncryptor
{
    private readonly IKeyRingProvider _keyRings;

    public SeedCompatibleFieldEncryptor(IKeyRingProvider keyRings)
    {
        ArgumentNullException.ThrowIfNull(keyRings);
        _keyRings = keyRings;
    }

    public EncryptionEnvelope Envelope => EncryptionEnvelope.SeedCompatible;

    public int GetMaxEncryptedLength(int plaintextUtf8Length, in FieldContext context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextUtf8Length);
        return Base64.GetMaxEncodedToUtf8Length(RawLength(plaintextUtf8Length));
    }

    public int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination)
    {
        var rawLength = RawLength(plaintextUtf8.Length);
        if (destination.Length < Base64.GetMaxEncodedToUtf8Length(rawLength))
        {
            throw new ArgumentException("The destination is shorter than GetMaxEncryptedLength.", nameof(destination));
        }

        // nonce ‖ ciphertext ‖ tag are written raw at the start of the destination, then base64-encoded in place.
        var nonce = destination[..EncryptionConstants.NonceSizeBytes];
        var ciphertext = destination.Slice(EncryptionConstants.NonceSizeBytes, plaintextUtf8.Length);
        var tag = destination.Slice(EncryptionConstants.NonceSizeBytes + plaintextUtf8.Length, EncryptionConstants.TagSizeBytes);
        NonceGenerator.Fill(nonce);
        AesGcmCache.For(_keyRings.Current.ActiveKey).Encrypt(nonce, plaintextUtf8, ciphertext, tag);

        var status = Base64.EncodeToUtf8InPlace(destination, rawLength, out var written);
        return status == OperationStatus.Done
            ? written
            : throw new InvalidOperationException($"Base64 encoding stopped with {status}.");
    }

    private static int RawLength(int plaintextUtf8Length) =>
        checked(EncryptionConstants.NonceSizeBytes + plaintextUtf8Length + EncryptionConstants.TagSizeBytes);
}

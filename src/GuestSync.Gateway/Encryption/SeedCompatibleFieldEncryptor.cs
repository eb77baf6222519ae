using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Writes each value as standard base64 of nonce ‖ ciphertext ‖ tag (12 + n + 16 bytes), the format the original
/// WebCrypto code produced with <c>btoa</c>. It carries no key id and no associated data, so unlike the JWE
/// envelope it neither names its key nor binds the value to its field or guest: a value copied to another field or
/// guest still decrypts. <see cref="SeedCompatibleWithContextFieldEncryptor"/> keeps the format and adds that binding.
/// </summary>
internal sealed class SeedCompatibleFieldEncryptor : IFieldEncryptor
{
    private readonly IKeyRingProvider _keyRings;
    private readonly KeyUsage? _usage;

    public SeedCompatibleFieldEncryptor(IKeyRingProvider keyRings)
        : this(keyRings, usage: null)
    {
    }

    /// <param name="usage">Counts every value per key (rotation before the GCM nonce limit); null counts nothing.</param>
    public SeedCompatibleFieldEncryptor(IKeyRingProvider keyRings, KeyUsage? usage)
    {
        ArgumentNullException.ThrowIfNull(keyRings);
        _keyRings = keyRings;
        _usage = usage;
    }

    public EncryptionEnvelope Envelope => EncryptionEnvelope.SeedCompatible;

    public int GetMaxEncryptedLength(int plaintextUtf8Length, in FieldContext context) => SeedEnvelope.GetMaxEncryptedLength(plaintextUtf8Length);

    public int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination) =>
        SeedEnvelope.Encrypt(_keyRings.Current.ActiveKey, _usage, plaintextUtf8, [], destination);
}

/// <summary>
/// The seed format (base64 of nonce ‖ ciphertext ‖ tag) with associated data binding the value to where it goes:
/// AAD = UTF-8(target field) ‖ 0x00 ‖ UTF-8(guest id), e.g. <c>"/email\0" + "6f1c…"</c>. A value copied to another
/// field or guest fails to decrypt. Envelope <c>SeedCompatibleWithContext</c>; the reader must know field and guest.
/// </summary>
internal sealed class SeedCompatibleWithContextFieldEncryptor : IFieldEncryptor
{
    private const int StackLimit = 512;
    private readonly IKeyRingProvider _keyRings;
    private readonly KeyUsage? _usage;

    public SeedCompatibleWithContextFieldEncryptor(IKeyRingProvider keyRings, KeyUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(keyRings);
        _keyRings = keyRings;
        _usage = usage;
    }

    public EncryptionEnvelope Envelope => EncryptionEnvelope.SeedCompatibleWithContext;

    public int GetMaxEncryptedLength(int plaintextUtf8Length, in FieldContext context) => SeedEnvelope.GetMaxEncryptedLength(plaintextUtf8Length);

    public int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(context.TargetPath, nameof(context));
        ArgumentNullException.ThrowIfNull(context.GuestId, nameof(context));
        var length = Encoding.UTF8.GetByteCount(context.TargetPath) + 1 + Encoding.UTF8.GetByteCount(context.GuestId);
        byte[]? rented = null;
        var associatedData = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(context.TargetPath, associatedData);
            associatedData[written++] = 0;
            written += Encoding.UTF8.GetBytes(context.GuestId, associatedData[written..]);
            return SeedEnvelope.Encrypt(_keyRings.Current.ActiveKey, _usage, plaintextUtf8, associatedData[..written], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>base64(nonce ‖ ciphertext ‖ tag), written in place.</summary>
internal static class SeedEnvelope
{
    public static int GetMaxEncryptedLength(int plaintextUtf8Length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextUtf8Length);
        return Base64.GetMaxEncodedToUtf8Length(RawLength(plaintextUtf8Length));
    }

    public static int Encrypt(EncryptionKey key, KeyUsage? usage, ReadOnlySpan<byte> plaintextUtf8, ReadOnlySpan<byte> associatedData, Span<byte> destination)
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
        AesGcmCache.For(key).Encrypt(nonce, plaintextUtf8, ciphertext, tag, associatedData);
        usage?.Record(key);

        var status = Base64.EncodeToUtf8InPlace(destination, rawLength, out var written);
        return status == OperationStatus.Done
            ? written
            : throw new InvalidOperationException($"Base64 encoding stopped with {status}.");
    }

    private static int RawLength(int plaintextUtf8Length) =>
        checked(EncryptionConstants.NonceSizeBytes + plaintextUtf8Length + EncryptionConstants.TagSizeBytes);
}

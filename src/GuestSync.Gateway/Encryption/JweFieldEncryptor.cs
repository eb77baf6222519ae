using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Writes each value as a JWE in compact serialization (RFC 7516 §7.1) with <c>alg</c> <c>dir</c> and
/// <c>enc</c> <c>A256GCM</c>:
/// <c>BASE64URL(UTF8(header)) '.' '' '.' BASE64URL(iv) '.' BASE64URL(ciphertext) '.' BASE64URL(tag)</c>,
/// AAD = the ASCII of the encoded header.
/// </summary>
/// <remarks>
/// The protected header is <c>{"alg":"dir","enc":"A256GCM","kid":…,"fld":…,"gid":…}</c>, where the private header
/// parameters <c>fld</c> (the target field, <see cref="FieldContext.TargetPath"/>) and <c>gid</c> (the guest,
/// <see cref="FieldContext.GuestId"/>) are authenticated with the value: a backend that compares them with where it
/// found the value detects a ciphertext moved to another field or guest. Header strings are escaped with
/// <see cref="JavaScriptEncoder.Default"/>, so the header is ASCII-only JSON any JOSE library parses.
/// An empty plaintext gives an empty ciphertext part, which RFC 7516 allows but Microsoft.IdentityModel 8.x refuses
/// (IDX14306): callers should treat an empty optional field as absent rather than encrypt it.
/// </remarks>
internal sealed class JweFieldEncryptor : IFieldEncryptor
{
    private const int StackLimit = 512;
    private static readonly int EncodedIvLength = Base64Url.GetEncodedLength(EncryptionConstants.NonceSizeBytes);
    private static readonly int EncodedTagLength = Base64Url.GetEncodedLength(EncryptionConstants.TagSizeBytes);

    private readonly IKeyRingProvider _keyRings;
    private readonly KeyUsage? _usage;

    public JweFieldEncryptor(IKeyRingProvider keyRings)
        : this(keyRings, usage: null)
    {
    }

    /// <param name="usage">Counts every value per key (rotation before the GCM nonce limit); null counts nothing.</param>
    public JweFieldEncryptor(IKeyRingProvider keyRings, KeyUsage? usage)
    {
        ArgumentNullException.ThrowIfNull(keyRings);
        _keyRings = keyRings;
        _usage = usage;
    }

    public EncryptionEnvelope Envelope => EncryptionEnvelope.Jwe;

    private static ReadOnlySpan<byte> HeaderStart => "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\""u8;

    private static ReadOnlySpan<byte> FieldMember => "\",\"fld\":\""u8;

    private static ReadOnlySpan<byte> GuestMember => "\",\"gid\":\""u8;

    private static ReadOnlySpan<byte> HeaderEnd => "\"}"u8;

    public int GetMaxEncryptedLength(int plaintextUtf8Length, in FieldContext context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextUtf8Length);
        return checked(Base64Url.GetEncodedLength(MaxHeaderJsonLength(EncryptionConstants.MaxKeyIdLength, context))
            + 2 + EncodedIvLength
            + 1 + Base64Url.GetEncodedLength(plaintextUtf8Length)
            + 1 + EncodedTagLength);
    }

    public int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination)
    {
        if (destination.Length < GetMaxEncryptedLength(plaintextUtf8.Length, context))
        {
            throw new ArgumentException("The destination is shorter than GetMaxEncryptedLength.", nameof(destination));
        }

        // Scratch is sized for this key's kid; the destination for any kid, as a reload may rotate in between.
        var key = _keyRings.Current.ActiveKey;
        var maxHeaderLength = MaxHeaderJsonLength(key.KeyId.Length, context);
        byte[]? rented = null;
        var header = maxHeaderLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxHeaderLength));
        try
        {
            var headerLength = WriteHeaderJson(key.KeyId, context, header);
            var position = Base64Url.EncodeToUtf8(header[..headerLength], destination);
            ReadOnlySpan<byte> associatedData = destination[..position];
            destination[position++] = (byte)'.';
            destination[position++] = (byte)'.'; // empty JWE Encrypted Key: alg "dir"

            Span<byte> iv = stackalloc byte[EncryptionConstants.NonceSizeBytes];
            NonceGenerator.Fill(iv);
            position += Base64Url.EncodeToUtf8(iv, destination[position..]);
            destination[position++] = (byte)'.';

            // The ciphertext is written where its base64url goes, then encoded in place: no scratch copy.
            Span<byte> tag = stackalloc byte[EncryptionConstants.TagSizeBytes];
            var ciphertext = destination.Slice(position, plaintextUtf8.Length);
            AesGcmCache.For(key).Encrypt(iv, plaintextUtf8, ciphertext, tag, associatedData);
            _usage?.Record(key);
            if (!Base64Url.TryEncodeToUtf8InPlace(destination[position..], plaintextUtf8.Length, out var encodedLength))
            {
                throw new InvalidOperationException("The ciphertext could not be base64url-encoded in place.");
            }

            position += encodedLength;
            destination[position++] = (byte)'.';
            position += Base64Url.EncodeToUtf8(tag, destination[position..]);
            return position;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The longest header JSON for a kid of <paramref name="keyIdLength"/> (kids are written verbatim, see the key set
    /// rules) and this field and guest, their escaping counted exactly: the bound is tight, so the start-time length
    /// checks can rely on it.
    /// </summary>
    private static int MaxHeaderJsonLength(int keyIdLength, in FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context.TargetPath, nameof(context));
        ArgumentNullException.ThrowIfNull(context.GuestId, nameof(context));
        return checked(HeaderStart.Length + FieldMember.Length + GuestMember.Length + HeaderEnd.Length
            + keyIdLength + JweHeaderText.MaxEscapedLength(context.TargetPath) + JweHeaderText.MaxEscapedLength(context.GuestId));
    }

    private static int WriteHeaderJson(string keyId, in FieldContext context, Span<byte> destination)
    {
        var length = Append(HeaderStart, destination);
        length += WriteEscaped(keyId, destination[length..]);
        length += Append(FieldMember, destination[length..]);
        length += WriteEscaped(context.TargetPath, destination[length..]);
        length += Append(GuestMember, destination[length..]);
        length += WriteEscaped(context.GuestId, destination[length..]);
        length += Append(HeaderEnd, destination[length..]);
        return length;
    }

    private static int Append(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    /// <summary>Writes <paramref name="value"/> as the inside of a JSON string.</summary>
    private static int WriteEscaped(string value, Span<byte> destination)
    {
        var maxUtf8Length = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var utf8 = maxUtf8Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxUtf8Length));
        try
        {
            var utf8Length = Encoding.UTF8.GetBytes(value, utf8);
            var status = JavaScriptEncoder.Default.EncodeUtf8(utf8[..utf8Length], destination, out _, out var written);
            return status == OperationStatus.Done
                ? written
                : throw new InvalidOperationException($"Escaping a JWE header value stopped with {status}.");
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

using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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

    /// <summary>Cached header prefixes per key: targets come from the profiles, this only bounds a pathological configuration.</summary>
    private const int MaxCachedTargets = 256;
    private static readonly int EncodedIvLength = Base64Url.GetEncodedLength(EncryptionConstants.NonceSizeBytes);
    private static readonly int EncodedTagLength = Base64Url.GetEncodedLength(EncryptionConstants.TagSizeBytes);

    private readonly IKeyRingProvider _keyRings;
    private readonly KeyUsage? _usage;

    // Per key (a reload's new keys get their own table; old ones go with their key) and target: the header up to the
    // guest id, already base64url-encoded as far as whole 3-byte groups go.
    private readonly ConditionalWeakTable<EncryptionKey, ConcurrentDictionary<string, HeaderPrefix>> _prefixes = new();

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
        ArgumentNullException.ThrowIfNull(context.TargetPath, nameof(context));
        ArgumentNullException.ThrowIfNull(context.GuestId, nameof(context));
        return MaxEncryptedLength(plaintextUtf8Length, JweHeaderText.MaxEscapedLength(context.TargetPath), JweHeaderText.MaxEscapedLength(context.GuestId));
    }

    public int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(context.TargetPath, nameof(context));
        ArgumentNullException.ThrowIfNull(context.GuestId, nameof(context));

        // The guest id is measured once and the target's escaped length comes with its cached prefix: the same bound as
        // GetMaxEncryptedLength without scanning either again.
        var key = _keyRings.Current.ActiveKey;
        var prefix = PrefixFor(key, context.TargetPath);
        var guestIdLength = JweHeaderText.MaxEscapedLength(context.GuestId);
        if (destination.Length < MaxEncryptedLength(plaintextUtf8.Length, prefix.TargetLength, guestIdLength))
        {
            throw new ArgumentException("The destination is shorter than GetMaxEncryptedLength.", nameof(destination));
        }

        // Scratch is sized for this key's kid; the destination for any kid, as a reload may rotate in between.
        var maxTailLength = prefix.Rest.Length + guestIdLength + HeaderEnd.Length;
        byte[]? rented = null;
        var tail = maxTailLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxTailLength));
        try
        {
            // BASE64URL(header) = the cached encoding of the constant part's whole 3-byte groups, then the encoding of
            // what is left of it, the escaped guest id and the closing brace: base64 encodes each group on its own.
            prefix.Rest.CopyTo(tail);
            var tailLength = prefix.Rest.Length;
            tailLength += WriteEscaped(context.GuestId, guestIdLength, tail[tailLength..]);
            tailLength += Append(HeaderEnd, tail[tailLength..]);
            prefix.Encoded.CopyTo(destination);
            var position = prefix.Encoded.Length + Base64Url.EncodeToUtf8(tail[..tailLength], destination[prefix.Encoded.Length..]);
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
    /// The longest envelope for a kid of up to <see cref="EncryptionConstants.MaxKeyIdLength"/> (kids are written verbatim,
    /// see the key set rules) and a field and guest whose escaped lengths are given (<see cref="JweHeaderText.MaxEscapedLength"/>,
    /// exact for ASCII): the bound is tight, so the start-time length checks can rely on it.
    /// </summary>
    private static int MaxEncryptedLength(int plaintextUtf8Length, int targetLength, int guestIdLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextUtf8Length);
        var headerJsonLength = checked(HeaderStart.Length + FieldMember.Length + GuestMember.Length + HeaderEnd.Length
            + EncryptionConstants.MaxKeyIdLength + targetLength + guestIdLength);
        return checked(Base64Url.GetEncodedLength(headerJsonLength)
            + 2 + EncodedIvLength
            + 1 + Base64Url.GetEncodedLength(plaintextUtf8Length)
            + 1 + EncodedTagLength);
    }

    private HeaderPrefix PrefixFor(EncryptionKey key, string targetPath)
    {
        var byTarget = _prefixes.GetValue(key, static _ => new ConcurrentDictionary<string, HeaderPrefix>(StringComparer.Ordinal));
        if (byTarget.TryGetValue(targetPath, out var prefix))
        {
            return prefix;
        }

        prefix = HeaderPrefix.Create(key.KeyId, targetPath);
        return byTarget.Count < MaxCachedTargets ? byTarget.GetOrAdd(targetPath, prefix) : prefix;
    }

    /// <summary>The protected header up to and including <c>"gid":"</c>, for one kid and target.</summary>
    private sealed class HeaderPrefix
    {
        private HeaderPrefix(byte[] encoded, byte[] rest, int targetLength)
        {
            Encoded = encoded;
            Rest = rest;
            TargetLength = targetLength;
        }

        /// <summary>BASE64URL of the prefix's first whole 3-byte groups.</summary>
        public byte[] Encoded { get; }

        /// <summary>The 0–2 prefix bytes after them, encoded with the guest id.</summary>
        public byte[] Rest { get; }

        /// <summary><see cref="JweHeaderText.MaxEscapedLength"/> of the target, for the destination's length bound.</summary>
        public int TargetLength { get; }

        public static HeaderPrefix Create(string keyId, string targetPath)
        {
            var keyIdLength = JweHeaderText.MaxEscapedLength(keyId);
            var targetLength = JweHeaderText.MaxEscapedLength(targetPath);
            var json = new byte[HeaderStart.Length + FieldMember.Length + GuestMember.Length + keyIdLength + targetLength];
            var length = Append(HeaderStart, json);
            length += WriteEscaped(keyId, keyIdLength, json.AsSpan(length));
            length += Append(FieldMember, json.AsSpan(length));
            length += WriteEscaped(targetPath, targetLength, json.AsSpan(length));
            length += Append(GuestMember, json.AsSpan(length));
            var whole = length - (length % 3);
            var encoded = new byte[Base64Url.GetEncodedLength(whole)];
            Base64Url.EncodeToUtf8(json.AsSpan(0, whole), encoded);
            return new HeaderPrefix(encoded, json.AsSpan(whole, length - whole).ToArray(), targetLength);
        }
    }

    private static int Append(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    /// <summary>Writes <paramref name="value"/>, of <paramref name="escapedLength"/> (<see cref="JweHeaderText.MaxEscapedLength"/>), as the inside of a JSON string.</summary>
    private static int WriteEscaped(string value, int escapedLength, Span<byte> destination)
    {
        if (escapedLength == value.Length)
        {
            // The common case (a UUID guest id): the encoder would copy it unchanged.
            return System.Text.Encoding.ASCII.GetBytes(value, destination);
        }

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

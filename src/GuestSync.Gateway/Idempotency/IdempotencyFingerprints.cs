using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// Digests a keyed submission into its <see cref="IdempotencyScope"/>. The canonical form is length-prefixed UTF-8:
/// profile, guest id and key, then per validated field (profile order) its name, target and value as validated
/// (trimmed, phone numbers normalized), so two posts that would build the same patch have the same fingerprint.
/// The fingerprint is HMAC-SHA256 with <c>Idempotency:FingerprintKey</c> when set, else SHA-256 (the scope salts it).
/// </summary>
internal sealed class IdempotencyFingerprints
{
    private readonly byte[]? _key;

    public IdempotencyFingerprints(byte[]? key)
    {
        _key = key;
    }

    public IdempotencyScope For(string profileName, Submission submission, string key)
    {
        ArgumentNullException.ThrowIfNull(profileName);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(key);
        using var id = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(id, "guestsync-idempotency-scope-v1");
        Append(id, profileName);
        Append(id, submission.GuestId);
        Append(id, key);
        var scope = id.GetHashAndReset();

        using var fingerprint = _key is null
            ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256)
            : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Append(fingerprint, "guestsync-idempotency-fingerprint-v1");
        fingerprint.AppendData(scope);
        foreach (var field in submission.Fields)
        {
            Append(fingerprint, field.Name);
            Append(fingerprint, field.Target);
            Append(fingerprint, field.Value);
        }

        return new IdempotencyScope(scope, fingerprint.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, length);
        hash.AppendData(prefix);
        Span<byte> bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        hash.AppendData(bytes);
        // The buffer held a personal value.
        bytes.Clear();
    }
}

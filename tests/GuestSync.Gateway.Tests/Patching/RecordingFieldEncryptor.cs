using System.Buffers.Text;
using System.Text;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Tests.Patching;

/// <summary>
/// A deterministic stand-in for the real encryptor: writes <c>enc:&lt;envelope&gt;:&lt;base64url(plaintext)&gt;</c>
/// and records what it was asked to encrypt, so tests can check both sides.
/// </summary>
internal sealed class RecordingFieldEncryptor(EncryptionEnvelope envelope) : IFieldEncryptor
{
    private readonly List<(string Plaintext, FieldContext Context)> _calls = [];

    public EncryptionEnvelope Envelope { get; } = envelope;

    public IReadOnlyList<(string Plaintext, FieldContext Context)> Calls => _calls;

    public static string Expected(EncryptionEnvelope envelope, string plaintext) =>
        $"enc:{envelope}:{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(plaintext))}";

    public int GetMaxEncryptedLength(int plaintextUtf8Length, in FieldContext context) =>
        Prefix.Length + Base64Url.GetEncodedLength(plaintextUtf8Length);

    public int Encrypt(ReadOnlySpan<byte> plaintextUtf8, in FieldContext context, Span<byte> destination)
    {
        _calls.Add((Encoding.UTF8.GetString(plaintextUtf8), context));
        var prefix = Encoding.ASCII.GetBytes(Prefix);
        prefix.CopyTo(destination);
        return prefix.Length + Base64Url.EncodeToUtf8(plaintextUtf8, destination[prefix.Length..]);
    }

    private string Prefix => $"enc:{Envelope}:";
}

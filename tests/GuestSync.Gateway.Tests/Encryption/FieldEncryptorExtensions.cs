using System.Buffers;
using System.Security.Cryptography;
using System.Text;

using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>String conveniences over <see cref="IFieldEncryptor"/>, for tests: the gateway encrypts UTF-8 spans.</summary>
internal static class FieldEncryptorExtensions
{
    private const int StackLimit = 1024;

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> (as UTF-8; a lone surrogate becomes U+FFFD) and returns the envelope.
    /// The only allocation is the returned string; the UTF-8 copy of the plaintext is zeroed before returning.
    /// </summary>
    public static string Encrypt(this IFieldEncryptor encryptor, string plaintext, in FieldContext context)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(plaintext);

        var maxPlaintextLength = Encoding.UTF8.GetMaxByteCount(plaintext.Length);
        byte[]? rentedPlaintext = null;
        var utf8 = maxPlaintextLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rentedPlaintext = ArrayPool<byte>.Shared.Rent(maxPlaintextLength));
        var plaintextLength = 0;
        byte[]? rentedOutput = null;
        try
        {
            plaintextLength = Encoding.UTF8.GetBytes(plaintext, utf8);
            var maxOutputLength = encryptor.GetMaxEncryptedLength(plaintextLength, context);
            var output = maxOutputLength <= StackLimit
                ? stackalloc byte[StackLimit]
                : (rentedOutput = ArrayPool<byte>.Shared.Rent(maxOutputLength));
            var written = encryptor.Encrypt(utf8[..plaintextLength], context, output);
            return Encoding.ASCII.GetString(output[..written]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8[..plaintextLength]);
            if (rentedPlaintext is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPlaintext);
            }

            if (rentedOutput is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedOutput);
            }
        }
    }
}

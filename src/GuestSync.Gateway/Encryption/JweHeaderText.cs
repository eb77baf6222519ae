using System.Text.Encodings.Web;

namespace GuestSync.Gateway.Encryption;

/// <summary>How many bytes a string takes inside the JWE protected header, escaped as <see cref="JavaScriptEncoder.Default"/> does.</summary>
internal static class JweHeaderText
{
    /// <summary>An upper bound, exact for ASCII: 1 byte per character left alone, 6 (<c>\uXXXX</c>) per UTF-16 unit escaped.</summary>
    public static int MaxEscapedLength(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = 0;
        foreach (var c in value)
        {
            // A surrogate (half of a pair, or a lone one that becomes U+FFFD) is escaped on its own: 6 bytes per unit.
            length += char.IsSurrogate(c) || JavaScriptEncoder.Default.WillEncode(c) ? 6 : (c < 0x80 ? 1 : 3);
        }

        return length;
    }

    /// <summary>Whether <paramref name="value"/> is written as is: printable ASCII the encoder leaves alone.</summary>
    public static bool IsVerbatim(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' || JavaScriptEncoder.Default.WillEncode(c)) // printable ASCII first: no surrogate reaches the encoder
            {
                return false;
            }
        }

        return true;
    }
}

using System.Buffers;
using System.Text.Encodings.Web;

namespace GuestSync.Gateway.Encryption;

/// <summary>How many bytes a string takes inside the JWE protected header, escaped as <see cref="JavaScriptEncoder.Default"/> does.</summary>
internal static class JweHeaderText
{
    // What JavaScriptEncoder.Default does with each ASCII character, asked once: the per-request scans below then cost
    // one table read per character instead of a virtual WillEncode call (a guest id is 36 characters, scanned per field).
    private static readonly bool[] AsciiVerbatim = CreateAsciiTable();

    // The same set for a vectorized scan: a UUID guest id (the common case) is then checked in a few instructions, and it
    // is scanned for every field (length bound, then the header itself).
    private static readonly SearchValues<char> Verbatim = SearchValues.Create(CreateVerbatimChars());

    /// <summary>An upper bound, exact for ASCII: 1 byte per character left alone, 6 (<c>\uXXXX</c>) per UTF-16 unit escaped.</summary>
    /// <remarks>It equals <c>value.Length</c> exactly when <see cref="IsVerbatimAscii"/> holds: every other character takes 3 or 6 bytes.</remarks>
    public static int MaxEscapedLength(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = value.AsSpan().IndexOfAnyExcept(Verbatim);
        if (first < 0)
        {
            return value.Length;
        }

        var length = first;
        foreach (var c in value.AsSpan(first))
        {
            if (c < 0x80)
            {
                length += AsciiVerbatim[c] ? 1 : 6;
                continue;
            }

            // A surrogate (half of a pair, or a lone one that becomes U+FFFD) is escaped on its own: 6 bytes per unit.
            length += char.IsSurrogate(c) || JavaScriptEncoder.Default.WillEncode(c) ? 6 : (c < 0x80 ? 1 : 3);
        }

        return length;
    }

    /// <summary>Whether <paramref name="value"/> is written as is: printable ASCII the encoder leaves alone.</summary>
    public static bool IsVerbatim(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsVerbatimAscii(value);
    }

    /// <summary>Whether every character of <paramref name="value"/> is printable ASCII the encoder leaves alone (then its UTF-8 is the escaped text).</summary>
    public static bool IsVerbatimAscii(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(Verbatim);

    /// <summary>Printable ASCII the encoder leaves alone: a control character or DEL is never written as is.</summary>
    private static char[] CreateVerbatimChars() =>
        Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => AsciiVerbatim[c]).ToArray();

    private static bool[] CreateAsciiTable()
    {
        var table = new bool[0x80];
        for (var c = '\0'; c < 0x80; c++)
        {
            table[c] = !JavaScriptEncoder.Default.WillEncode(c);
        }

        return table;
    }
}

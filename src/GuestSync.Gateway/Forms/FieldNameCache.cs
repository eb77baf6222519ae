using System.Text;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// The field names of recent posts, kept per thread so that a post naming the same fields as the last ones (every site
/// post does: <c>guestId</c>, <c>name</c>, <c>email</c>…) reuses their strings instead of allocating them again.
/// </summary>
/// <remarks>
/// Only names are kept, never values: a name is form structure, a value may be personal. The cache is fixed in size
/// (<see cref="Slots"/> short ASCII names per thread, replaced in turn), so posts with ever new names only churn it.
/// </remarks>
internal static class FieldNameCache
{
    /// <summary>Names kept per thread: a site form's few fields, with room for a second form.</summary>
    private const int Slots = 16;

    /// <summary>Longer names are decoded as usual; site field names are short.</summary>
    private const int MaxCachedLength = 32;

    [ThreadStatic]
    private static string?[]? _names;

    [ThreadStatic]
    private static int _next;

    /// <summary>The string of a name's UTF-8 bytes (valid UTF-8, already percent-decoded): a kept one when it is the same text.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var names = _names ??= new string?[Slots];
        foreach (var kept in names)
        {
            // Ascii.Equals is false for any non-ASCII byte; only ASCII names are kept (equal lengths below).
            if (kept is not null && kept.Length == utf8.Length && System.Text.Ascii.Equals(utf8, kept))
            {
                return kept;
            }
        }

        var name = Encoding.UTF8.GetString(utf8);
        if (name.Length == utf8.Length)
        {
            names[_next] = name;
            _next = (_next + 1) % Slots;
        }

        return name;
    }
}

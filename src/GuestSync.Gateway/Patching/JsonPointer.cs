namespace GuestSync.Gateway.Patching;

/// <summary>
/// RFC 6901 JSON Pointer helpers. Configured targets are used exactly as written (they are already
/// pointers); code that builds a pointer from a raw member name must escape it with <see cref="EscapeSegment"/>.
/// </summary>
internal static class JsonPointer
{
    /// <summary>Escapes one member name into a reference token: '~' → <c>~0</c>, then '/' → <c>~1</c> (RFC 6901 §3).</summary>
    public static string EscapeSegment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.AsSpan().IndexOfAny('~', '/') < 0
            ? name
            : name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>Builds a pointer from raw member names, escaping each: <c>["a/b", "c"]</c> → <c>/a~1b/c</c>.</summary>
    public static string FromSegments(params IEnumerable<string> names) =>
        string.Concat(names.Select(name => "/" + EscapeSegment(name)));

    /// <summary>
    /// Whether <paramref name="pointer"/> is a pointer to a member (not the whole document): it starts with '/'
    /// and every '~' is followed by '0' or '1'.
    /// </summary>
    public static bool IsValid(string? pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer[0] != '/')
        {
            return false;
        }

        for (var i = pointer.IndexOf('~', StringComparison.Ordinal); i >= 0; i = pointer.IndexOf('~', i + 1))
        {
            if (i + 1 == pointer.Length || pointer[i + 1] is not ('0' or '1'))
            {
                return false;
            }
        }

        return true;
    }
}

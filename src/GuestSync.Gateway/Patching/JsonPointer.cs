namespace GuestSync.Gateway.Patching;

/// <summary>
/// RFC 6901 JSON Pointer checks. Configured targets are used exactly as written: they are already pointers.
/// </summary>
internal static class JsonPointer
{
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

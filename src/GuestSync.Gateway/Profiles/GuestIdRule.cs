namespace GuestSync.Gateway.Profiles;

/// <summary>
/// Checks a guest id before it goes into an upstream path. Whatever the format, the characters that could
/// move the request elsewhere ('/', '\', '..', '%' as in <c>%2F</c>, whitespace, control characters) are
/// refused by name first, so the answer says why; the id is also escaped when the path is built.
/// </summary>
internal static class GuestIdRule
{
    public const int MaxTokenLength = 128;
    private const int UuidLength = 36;

    /// <summary>What is wrong with <paramref name="guestId"/>, or null when it may be used.</summary>
    public static string? Check(string guestId, GuestIdFormat format)
    {
        foreach (var c in guestId)
        {
            if (char.IsControl(c))
            {
                return "must not contain control characters";
            }

            if (char.IsWhiteSpace(c))
            {
                return "must not contain whitespace";
            }

            if (c is '/' or '\\')
            {
                return "must not contain '/' or '\\'";
            }

            if (c == '%')
            {
                return "must not contain '%' (no percent-encoded characters such as %2F)";
            }
        }

        if (guestId.Contains("..", StringComparison.Ordinal))
        {
            return "must not contain '..'";
        }

        return format switch
        {
            GuestIdFormat.Uuid when guestId.Length != UuidLength || !Guid.TryParseExact(guestId, "D", out _) =>
                "must be a UUID such as 6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e",
            GuestIdFormat.Token when guestId.Length is 0 or > MaxTokenLength || !IsTokenText(guestId) =>
                $"must be 1 to {MaxTokenLength} letters, digits, '_' or '-'",
            _ => null,
        };
    }

    private static bool IsTokenText(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

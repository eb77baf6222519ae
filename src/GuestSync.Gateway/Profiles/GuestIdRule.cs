namespace GuestSync.Gateway.Profiles;

/// <summary>
/// Checks a guest id before it goes into an upstream path. Whatever the format, the characters that could
/// move the request elsewhere ('/', '\', '..', '%' as in <c>%2F</c>, whitespace, control characters) are
/// refused by name first, so the answer says why; the id is also escaped when the path is built.
/// A UUID must be exactly 8-4-4-4-12 ASCII hex digits (not what <c>Guid.TryParseExact(…, "D")</c> accepts, which lets
/// <c>+</c> and <c>0x</c> into the groups), and from validation on it is used in its canonical lowercase form
/// (<see cref="Canonical"/>): in the path, the envelope's <c>gid</c>, the per-guest limit and the logs.
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
            GuestIdFormat.Uuid when !IsUuid(guestId) =>
                "must be a UUID such as 6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e",
            GuestIdFormat.Token when guestId.Length is 0 or > MaxTokenLength || !IsTokenText(guestId) =>
                $"must be 1 to {MaxTokenLength} letters, digits, '_' or '-'",
            _ => null,
        };
    }

    /// <summary>The one spelling of a valid guest id: a UUID in lowercase; a token as it is (tokens are case-sensitive).</summary>
    public static string Canonical(string guestId, GuestIdFormat format) =>
        format == GuestIdFormat.Uuid ? guestId.ToLowerInvariant() : guestId;

    /// <summary>Whether <paramref name="value"/> is a UUID in its hyphenated form: 8-4-4-4-12 ASCII hex digits, nothing else.</summary>
    public static bool IsUuid(string? value)
    {
        if (value is null || value.Length != UuidLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var hyphen = i is 8 or 13 or 18 or 23;
            if (hyphen ? value[i] != '-' : !char.IsAsciiHexDigit(value[i]))
            {
                return false;
            }
        }

        return true;
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

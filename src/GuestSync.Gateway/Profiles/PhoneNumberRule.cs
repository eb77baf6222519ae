namespace GuestSync.Gateway.Profiles;

/// <summary>
/// What <see cref="FieldFormat.PhoneE164"/> accepts: after removing spaces, dashes, dots and parentheses,
/// '+' then 8 to 15 digits, the first not 0 (no country code starts with 0).
/// </summary>
internal static class PhoneNumberRule
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15;

    public static bool TryNormalize(string value, out string normalized)
    {
        normalized = string.Empty;
        Span<char> buffer = stackalloc char[MaxDigits + 1];
        var length = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '.' or '(' or ')')
            {
                continue;
            }

            var expected = length == 0 ? c == '+' : char.IsAsciiDigit(c) && !(length == 1 && c == '0');
            if (!expected || length == buffer.Length)
            {
                return false;
            }

            buffer[length++] = c;
        }

        if (length - 1 < MinDigits)
        {
            return false;
        }

        normalized = value.Length == length ? value : new string(buffer[..length]);
        return true;
    }
}

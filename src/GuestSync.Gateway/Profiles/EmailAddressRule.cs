namespace GuestSync.Gateway.Profiles;

/// <summary>
/// What <see cref="FieldFormat.Email"/> accepts: <c>local@domain</c>, at most 254 characters, exactly one '@';
/// a local part of 1 to 64 characters (letters, digits, <c>!#$%&amp;'*+/=?^_`{|}~-</c>, non-ASCII letters,
/// and dots only between them); a domain of at least two dot-separated labels of 1 to 63 letters, digits or
/// hyphens (non-ASCII allowed for IDN), no label starting or ending with a hyphen, the last not all digits.
/// Hand-written because <see cref="System.Net.Mail.MailAddress"/> also accepts display names
/// (<c>Ada &lt;ada@example.com&gt;</c>), quoted local parts with spaces and IP literals.
/// </summary>
internal static class EmailAddressRule
{
    public const int MaxLength = 254;
    private const int MaxLocalLength = 64;
    private const int MaxLabelLength = 63;
    private const string LocalSymbols = "!#$%&'*+/=?^_`{|}~-";

    public static bool IsValid(ReadOnlySpan<char> address)
    {
        var at = address.IndexOf('@');
        if (address.Length > MaxLength || at <= 0 || at != address.LastIndexOf('@'))
        {
            return false;
        }

        return IsValidLocal(address[..at]) && IsValidDomain(address[(at + 1)..]);
    }

    private static bool IsValidLocal(ReadOnlySpan<char> local)
    {
        if (local.Length > MaxLocalLength || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || LocalSymbols.Contains(c) || IsNonAsciiLetterOrDigit(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        ReadOnlySpan<char> last = default;
        foreach (var range in domain.Split('.'))
        {
            last = domain[range];
            if (!IsValidLabel(last))
            {
                return false;
            }

            labels++;
        }

        return labels >= 2 && !IsAllDigits(last);
    }

    private static bool IsValidLabel(ReadOnlySpan<char> label)
    {
        if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || IsNonAsciiLetterOrDigit(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNonAsciiLetterOrDigit(char c) => c > '\u007F' && (char.IsLetterOrDigit(c) || char.IsSurrogate(c));

    private static bool IsAllDigits(ReadOnlySpan<char> label) => !label.ContainsAnyExceptInRange('0', '9');
}

namespace GuestSync.Gateway.Patching;

/// <summary>
/// The JSONPath subset the gateway writes to external contacts: <c>$</c> then one or more <c>.identifier</c>
/// segments (letters, digits, '_', not starting with a digit), e.g. <c>$.firstName</c> or <c>$.customFields.loyalty</c>.
/// </summary>
internal static class ExternalContactsPath
{
    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var segment in path.AsSpan(2).Split('.'))
        {
            var name = path.AsSpan(2)[segment];
            if (name.IsEmpty || char.IsAsciiDigit(name[0]) || !IsIdentifier(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="ancestor"/> contains <paramref name="path"/> (<c>$.a</c> contains <c>$.a.b</c>).</summary>
    public static bool Contains(string ancestor, string path) =>
        path.Length > ancestor.Length
        && path[ancestor.Length] == '.'
        && path.StartsWith(ancestor, StringComparison.Ordinal);

    private static bool IsIdentifier(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Emulator.Contacts;

/// <summary>
/// The JSONPath subset Genesys uses for contact fields: <c>$.name</c> and <c>$.parent.name</c>, names in
/// RFC 9535 member-name-shorthand (a letter, '_' or non-ASCII first, then also digits).
/// </summary>
internal sealed class ContactFieldPath
{
    public const int MaxSegments = 16;

    private ContactFieldPath(string text, string[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<string> Segments { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out ContactFieldPath? path)
    {
        path = null;
        if (!text.StartsWith("$.", StringComparison.Ordinal))
        {
            return false;
        }

        var segments = text[2..].Split('.');
        if (segments.Length > MaxSegments || !segments.All(IsShorthandName))
        {
            return false;
        }

        path = new ContactFieldPath(text, segments);
        return true;
    }

    private static bool IsShorthandName(string name) =>
        name.Length > 0
        && IsNameFirst(name[0])
        && name.Skip(1).All(c => IsNameFirst(c) || char.IsAsciiDigit(c));

    private static bool IsNameFirst(char c) => char.IsAsciiLetter(c) || c == '_' || c > '\u007F';
}

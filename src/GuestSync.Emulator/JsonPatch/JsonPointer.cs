using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Emulator.JsonPatch;

/// <summary>An RFC 6901 JSON Pointer: <c>""</c> is the whole document, <c>/a~1b/0</c> is member "a/b", then element 0.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    /// <summary>The reference tokens, unescaped (<c>~1</c> is '/', <c>~0</c> is '~').</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public static bool TryParse(string text, [NotNullWhen(true)] out JsonPointer? pointer)
    {
        ArgumentNullException.ThrowIfNull(text);
        pointer = null;
        if (text.Length == 0)
        {
            pointer = new JsonPointer(text, []);
            return true;
        }

        if (text[0] != '/')
        {
            return false;
        }

        var tokens = text[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!TryUnescape(tokens[i], out var token))
            {
                return false;
            }

            tokens[i] = token;
        }

        pointer = new JsonPointer(text, tokens);
        return true;
    }

    /// <summary>True when <paramref name="other"/> points strictly inside the location this pointer names.</summary>
    public bool IsProperPrefixOf(JsonPointer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Tokens.Count <= Tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            if (!string.Equals(Tokens[i], other.Tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private static bool TryUnescape(string token, out string unescaped)
    {
        unescaped = token;
        if (!token.Contains('~', StringComparison.Ordinal))
        {
            return true;
        }

        var builder = new System.Text.StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '~')
            {
                builder.Append(token[i]);
                continue;
            }

            if (i + 1 >= token.Length || token[i + 1] is not ('0' or '1'))
            {
                return false;
            }

            builder.Append(token[++i] == '0' ? '~' : '/');
        }

        unescaped = builder.ToString();
        return true;
    }
}

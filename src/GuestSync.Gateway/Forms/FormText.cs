using System.Buffers;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// The character rules every field name and value obeys. No field may hold a C0 or C1 control character
/// (NUL, tab, CR and LF included: these are single-line inputs, and CR/LF is how header and log injection
/// starts), an unpaired surrogate, or a bidirectional embedding/override/isolate character (the
/// "Trojan Source" class, which makes stored text display differently from what it is). The plain
/// direction marks U+200E/U+200F/U+061C stay allowed: right-to-left names legitimately carry them.
/// </summary>
internal static class FormText
{
    private static readonly SearchValues<char> Suspicious = SearchValues.Create(BuildSuspicious());

    public static TextViolation Check(ReadOnlySpan<char> text)
    {
        int index;
        while ((index = text.IndexOfAny(Suspicious)) >= 0)
        {
            var c = text[index];
            if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                text = text[(index + 2)..];
                continue;
            }

            return c switch
            {
                '\r' or '\n' => TextViolation.LineBreak,
                _ when char.IsSurrogate(c) => TextViolation.LoneSurrogate,
                _ when char.IsControl(c) => TextViolation.ControlCharacter,
                _ => TextViolation.BidiControl,
            };
        }

        return TextViolation.None;
    }

    public static string Describe(TextViolation violation) => violation switch
    {
        TextViolation.LineBreak => "must not contain a line break (CR or LF)",
        TextViolation.ControlCharacter => "must not contain control characters",
        TextViolation.BidiControl => "must not contain bidirectional override or isolate characters",
        TextViolation.LoneSurrogate => "is not valid Unicode (unpaired surrogate)",
        _ => throw new ArgumentOutOfRangeException(nameof(violation)),
    };

    private static string BuildSuspicious()
    {
        var chars = new List<char>();
        for (var c = '\u0000'; c <= '\u001F'; c++)
        {
            chars.Add(c);
        }

        for (var c = '\u007F'; c <= '\u009F'; c++)
        {
            chars.Add(c);
        }

        chars.AddRange("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");
        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Add(c);
        }

        return new string(chars.ToArray());
    }
}

using System.Text;
using System.Text.Unicode;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// Strict <c>application/x-www-form-urlencoded</c> parsing, decoding in place in the request buffer.
/// Hand-written on purpose: ASP.NET Core's form readers leave a malformed <c>%zz</c> as literal text and turn
/// invalid UTF-8 into U+FFFD, so a corrupted or hostile value would be forwarded instead of refused.
/// </summary>
internal static class UrlEncodedFormParser
{
    public static void Parse(Span<byte> body, FormFieldCollector fields)
    {
        while (!body.IsEmpty)
        {
            var ampersand = body.IndexOf((byte)'&');
            var pair = ampersand < 0 ? body : body[..ampersand];
            body = ampersand < 0 ? [] : body[(ampersand + 1)..];
            if (pair.IsEmpty)
            {
                continue; // "a=1&&b=2": an empty pair carries nothing.
            }

            if (!fields.BeginField())
            {
                return;
            }

            var equals = pair.IndexOf((byte)'=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];

            var nameError = TryDecode(rawName, isName: true, out var name);
            if (nameError is not null)
            {
                fields.AddUnnamedError("has a name that " + nameError);
                continue;
            }

            if (!fields.AcceptName(name!))
            {
                continue;
            }

            var valueError = TryDecode(rawValue, isName: false, out var value);
            if (valueError is not null)
            {
                fields.AddError(name!, valueError);
                continue;
            }

            fields.AddValue(name!, value!);
        }
    }

    /// <summary>Decodes '+' and %HH in place; returns what is wrong, or null with the decoded text (a name from <see cref="FieldNameCache"/>).</summary>
    private static string? TryDecode(Span<byte> raw, bool isName, out string? text)
    {
        text = null;
        var written = 0;
        for (var read = 0; read < raw.Length; read++)
        {
            var b = raw[read];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (read + 2 >= raw.Length || !TryHex(raw[read + 1], out var high) || !TryHex(raw[read + 2], out var low))
                {
                    return "is not valid percent-encoding";
                }

                b = (byte)((high << 4) | low);
                read += 2;
            }

            raw[written++] = b;
        }

        var decoded = raw[..written];
        if (!Utf8.IsValid(decoded))
        {
            return "is not valid UTF-8";
        }

        text = isName ? FieldNameCache.Get(decoded) : Encoding.UTF8.GetString(decoded);
        return null;
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}

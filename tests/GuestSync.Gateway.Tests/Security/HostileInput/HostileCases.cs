using System.Text;
using CsCheck;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;

namespace GuestSync.Gateway.Tests.Security.HostileInput;

/// <summary>
/// Generators of posts the gateway must refuse. Body-level cases carry a valid binding token for their guest, so a
/// refusal comes from the rule under test, not from a missing token.
/// </summary>
internal static class HostileCases
{
    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string Json = "application/json";
    private const string Boundary = "----hostile-boundary-7d1";

    private static readonly Gen<string> Guest = Gen.Guid.Select(g => g.ToString());

    private static readonly string[] BadPercent = ["%", "%G1", "%zz", "%%", "%E0%A4", "%FF", "%C0%AF", "%ED%A0%80", "%2", "%u0041", "%F4%90%80%80"];

    private static readonly string[] BadChars =
        ["\u0000", "\u0001", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B", "\t", "\r", "\n", "\r\n",
         "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

    private static readonly string[] Traversal =
        ["../../oauth/token", "..%2F..%2Foauth%2Ftoken", "..", ".", "a/b", "..\\..\\x", "%2e%2e%2f", "/etc/passwd", "guest/../admin",
         "{0}/..", "{0}?x=1", "{0}#frag", "{0}%00", "{0}/", " {0}", "{0};x", "{0}%2F..", "..;/{0}"];

    private static readonly string[] WrongTypes =
        ["text/plain", "application/xml", "text/html", "multipart/form-data", "multipart/mixed; boundary=x", "application/octet-stream",
         "application/json-patch+json", "image/png", "application/x-www-form-urlencoded; charset=utf-16", "application/json; charset=iso-8859-1", "*/*", "garbage"];

    private static readonly string[] FieldNames = ["name", "email", "phone", "guestId", "x"];

    /// <summary>The browser's trace context, 0–6.9 KB: sent with every case, never forwarded upstream.</summary>
    public static readonly string[] TraceHeaderNames = ["traceparent", "tracestate", "baggage"];

    /// <summary>Every kind, with browser trace headers on about half; stalled bodies are rare (each costs the read deadline).</summary>
    public static Gen<HostileCase> All => Gen.Select(
        Gen.Frequency(
            (20, MalformedPercentEncoding),
            (20, OversizedBody),
            (20, ThousandsOfFields),
            (20, DuplicateKeys),
            (20, ForbiddenCharacters),
            (20, CrlfInValues),
            (20, MultipartWithFile),
            (20, NestedOrHugeJson),
            (20, WrongContentType),
            (20, LyingContentLength),
            (20, TruncatedBody),
            (20, TraversalInGuestId),
            (20, BadBindingToken),
            (20, RandomBytes),
            (20, LaxUuidSpelling),
            (1, StalledBody)),
        TraceHeaders,
        (hostile, headers) => hostile with { Headers = headers });

    /// <summary>Browser trace headers, or none: well-formed, malformed, and up to 6.9 KB of baggage.</summary>
    public static Gen<Dictionary<string, string>> TraceHeaders =>
        Gen.Select(Gen.Int[0, 3], Gen.Guid, Gen.Int[0, 160], (shape, id, pairs) => shape switch
        {
            0 => new Dictionary<string, string>(),
            1 => new Dictionary<string, string> { ["traceparent"] = $"00-{id:N}-00f067aa0ba902b7-01" },
            2 => new Dictionary<string, string>
            {
                ["traceparent"] = $"00-{id:N}-00f067aa0ba902b7-01",
                ["tracestate"] = "vendor=" + new string('s', pairs),
                ["baggage"] = string.Join(",", Enumerable.Range(0, pairs).Select(i => $"key{i}=value-{i}-{id:N}")),
            },
            _ => new Dictionary<string, string> { ["traceparent"] = "ff-" + new string('0', pairs % 40) + "-zz", ["baggage"] = "=;,%%" },
        });

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Dictionary<string, string> Form(string guest) => ProfileForms.Valid(guest);

    private static string Encode(Dictionary<string, string> fields) =>
        string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Token(string guest) => TestBindingTokens.Hs256(guest);

    private static Gen<HostileCase> MalformedPercentEncoding =>
        Gen.Select(Guest, Gen.Int[0, BadPercent.Length - 1], Gen.Int[0, FieldNames.Length - 1], Gen.String[0, 8].Select(s => Uri.EscapeDataString(s)),
            (guest, bad, target, prefix) =>
            {
                var fields = Form(guest);
                fields.Remove(FieldNames[target]);
                var body = Encode(fields) + "&" + FieldNames[target] + "=" + prefix + BadPercent[bad];
                return new HostileCase("malformed-percent-encoding", Utf8(body), UrlEncoded, Token(guest)) { Guest = guest };
            });

    private static Gen<HostileCase> OversizedBody =>
        Gen.Select(Guest, Gen.Int[16 * 1024, 96 * 1024], Gen.Bool, (guest, size, json) =>
        {
            var fields = Form(guest);
            fields["padding"] = new string('a', size);
            return json
                ? new HostileCase("oversized-body", Utf8(System.Text.Json.JsonSerializer.Serialize(fields)), Json, Token(guest)) { Guest = guest }
                : new HostileCase("oversized-body", Utf8(Encode(fields)), UrlEncoded, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> ThousandsOfFields =>
        Gen.Select(Guest, Gen.Int[29, 4000], (guest, count) =>
        {
            var body = new StringBuilder(Encode(Form(guest)));
            for (var i = 0; i < count; i++)
            {
                body.Append("&f").Append(i).Append("=1");
            }

            return new HostileCase("thousands-of-fields", Utf8(body.ToString()), UrlEncoded, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> DuplicateKeys =>
        Gen.Select(Guest, Gen.Guid, Gen.Int[0, 3], Gen.Int[0, 2], (guest, other, target, shape) =>
        {
            var name = FieldNames[target];
            var fields = Form(guest);
            var duplicate = name == "guestId" ? other.ToString() : fields[name];
            var body = shape switch
            {
                0 => Encode(fields) + "&" + name + "=" + Uri.EscapeDataString(duplicate),
                1 => "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":\"{f.Value}\"")) + $",\"{name}\":\"{duplicate}\"}}",
                _ => Multipart(fields.Append(new(name, duplicate))),
            };
            return new HostileCase("duplicate-keys", Utf8(body), shape switch { 0 => UrlEncoded, 1 => Json, _ => MultipartType }, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> ForbiddenCharacters =>
        Gen.Select(Guest, Gen.Int[0, BadChars.Length - 1], Gen.Int[0, FieldNames.Length - 1], Gen.Bool, (guest, bad, target, inName) =>
        {
            var fields = Form(guest);
            var name = FieldNames[target];
            if (inName)
            {
                fields["x" + BadChars[bad] + "y"] = "1";
            }
            else
            {
                fields[name] = (fields.GetValueOrDefault(name) ?? "v") + BadChars[bad] + "tail";
            }

            // JSON escapes carry lone surrogates intact; UTF-8 could not.
            var body = "{" + string.Join(",", fields.Select(f => $"{JsonString(f.Key)}:{JsonString(f.Value)}")) + "}";
            return new HostileCase("nul-control-bidi-surrogate", Utf8(body), Json, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> CrlfInValues =>
        Gen.Select(Guest, Gen.Int[0, 2], Pick("%0D%0A", "%0A", "%0D", "%0d%0aX-Injected:%20yes", "%E2%80%A8%0A"), (guest, target, crlf) =>
        {
            var fields = Form(guest);
            var name = FieldNames[target];
            var value = Uri.EscapeDataString(fields[name]) + crlf + "Set-Cookie:%20a=b";
            fields.Remove(name);
            return new HostileCase("crlf-in-values", Utf8(Encode(fields) + "&" + name + "=" + value), UrlEncoded, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> MultipartWithFile =>
        Gen.Select(Guest, Pick("a.txt", "", "../../etc/passwd", "photo.jpg"), Gen.Byte.Array[0, 2000], (guest, fileName, bytes) =>
        {
            var body = new StringBuilder(Multipart(Form(guest), closing: false));
            body.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"").Append(fileName)
                .Append("\"\r\nContent-Type: application/octet-stream\r\n\r\n").Append(Encoding.Latin1.GetString(bytes)).Append("\r\n--").Append(Boundary).Append("--\r\n");
            return new HostileCase("multipart-with-file", Encoding.Latin1.GetBytes(body.ToString()), MultipartType, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> NestedOrHugeJson =>
        Gen.Select(Guest, Gen.Int[5, 3000], Gen.Int[0, 4], (guest, depth, shape) =>
        {
            var fields = Form(guest);
            var body = shape switch
            {
                0 => $"{{\"guestId\":\"{guest}\",\"name\":{new string('[', depth)}1{new string(']', depth)}}}",
                1 => $"{{\"guestId\":\"{guest}\",\"name\":{string.Concat(Enumerable.Repeat("{\"a\":", depth))}1{new string('}', depth)}}}",
                2 => "[" + string.Join(",", Enumerable.Repeat(System.Text.Json.JsonSerializer.Serialize(fields), Math.Min(depth, 200))) + "]",
                3 => $"{{\"guestId\":\"{guest}\",\"name\":\"{new string('n', depth * 40)}\"}}",
                _ => System.Text.Json.JsonSerializer.Serialize(fields) + new string(' ', depth % 7) + "{}",
            };
            return new HostileCase("nested-or-huge-json", Utf8(body), Json, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> WrongContentType =>
        Gen.Select(Guest, Gen.Int[0, WrongTypes.Length], Gen.Int[0, 2], (guest, type, shape) =>
        {
            var fields = Form(guest);
            var body = shape switch
            {
                0 => Encode(fields),
                1 => System.Text.Json.JsonSerializer.Serialize(fields),
                _ => Multipart(fields),
            };

            // The last slot lies the other way: a JSON body labelled as a form, and a form labelled as JSON.
            var contentType = type < WrongTypes.Length ? WrongTypes[type] : shape == 1 ? UrlEncoded : Json;
            return new HostileCase("wrong-or-lying-content-type", Utf8(body), contentType, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> LyingContentLength =>
        Gen.Select(Guest, Gen.Int[17 * 1024, int.MaxValue], (guest, claimed) =>
            new HostileCase("lying-content-length", Utf8(Encode(Form(guest)) + "&padding=" + new string('p', 17 * 1024)), UrlEncoded, Token(guest), claimed) { Guest = guest });

    private static Gen<HostileCase> TruncatedBody =>
        Gen.Select(Guest, Gen.Int[0, 2], Gen.Double[0.05, 0.95], (guest, shape, fraction) =>
        {
            var fields = Form(guest);
            var (text, type) = shape switch
            {
                0 => (System.Text.Json.JsonSerializer.Serialize(fields), Json),
                1 => (Multipart(fields), MultipartType),
                _ => (Encode(fields) + "&name=%E2%82", UrlEncoded),
            };
            var cut = shape == 2 ? text.Length : Math.Max(1, (int)(text.Length * fraction));
            return new HostileCase("truncated-body", Utf8(text[..cut]), type, Token(guest)) { Guest = guest };
        });

    private static Gen<HostileCase> TraversalInGuestId =>
        Gen.Select(Guest, Gen.Int[0, Traversal.Length - 1], Gen.Bool, (guest, index, json) =>
        {
            var id = string.Format(System.Globalization.CultureInfo.InvariantCulture, Traversal[index], guest);
            var fields = Form(guest);
            fields["guestId"] = id;
            return json
                ? new HostileCase("traversal-in-guest-id", Utf8(System.Text.Json.JsonSerializer.Serialize(fields)), Json, TestBindingTokens.Hs256(id)) { Guest = guest }
                : new HostileCase("traversal-in-guest-id", Utf8(Encode(fields)), UrlEncoded, TestBindingTokens.Hs256(id)) { Guest = guest };
        });

    private static Gen<HostileCase> BadBindingToken =>
        Gen.Select(Guest, Gen.Int[0, 9], Gen.String[0, 200], (guest, kind, junk) =>
        {
            var token = kind switch
            {
                0 => TestBindingTokens.Hs256(guest, notBefore: DateTime.UtcNow.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(-1)),
                1 => TestBindingTokens.Hs256(guest, audience: "another-gateway"),
                2 => TestBindingTokens.Hs256(guest, issuer: "https://evil.example"),
                3 => TestBindingTokens.Unsigned(guest),
                4 => TestBindingTokens.Hs256(guest, secret: "forged-secret-forged-secret-forged-secret!"),
                5 => TestBindingTokens.Hs256(Guid.NewGuid().ToString()),
                6 => TestBindingTokens.Hs256(guest, lifetime: TimeSpan.FromDays(1)),
                7 => TestBindingTokens.Hs256(guest, claim: "guest"),
                8 => new string('e', 9000),
                _ => junk,
            };
            var fields = Form(guest);
            fields["bindingToken"] = token;
            return new HostileCase("forged-expired-none-or-wrong-audience-token", Utf8(Encode(fields)), UrlEncoded, Token: null) { Guest = guest };
        });

    /// <summary>Spellings of a UUID that <c>Guid.TryParseExact(…, "D")</c> accepts: '+' or '0x' inside a group, with a token for that spelling.</summary>
    private static Gen<HostileCase> LaxUuidSpelling =>
        Gen.Select(Guest, Gen.Int[0, 4], Gen.Int[0, 2], (guest, group, kind) =>
        {
            var groups = guest.Split('-');
            var g = groups[group];
            groups[group] = kind switch
            {
                0 => "+" + g[1..],
                1 => "0x" + g[2..],
                _ => "0X" + g[2..].ToUpperInvariant(),
            };
            var spelled = string.Join("-", groups);
            var fields = Form(guest);
            fields["guestId"] = spelled;
            return new HostileCase("lax-uuid-spelling", Utf8(Encode(fields)), UrlEncoded, TestBindingTokens.Hs256(spelled)) { Guest = guest };
        });

    /// <summary>A valid form whose body stalls halfway: the read deadline answers 408, nothing is sent.</summary>
    private static Gen<HostileCase> StalledBody =>
        Gen.Select(Guest, guest => new HostileCase("stalled-body", Utf8(Encode(Form(guest))), UrlEncoded, Token(guest)) { Guest = guest, Stalls = true });

    private static Gen<HostileCase> RandomBytes =>
        Gen.Select(Gen.Byte.Array[0, 3000], Pick(UrlEncoded, Json, MultipartType, null), (bytes, type) =>
            new HostileCase("random-bytes", bytes, type, Token: null));

    private static string MultipartType => "multipart/form-data; boundary=" + Boundary;

    private static string Multipart(IEnumerable<KeyValuePair<string, string>> fields, bool closing = true)
    {
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            body.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n").Append(value).Append("\r\n");
        }

        return closing ? body.Append("--").Append(Boundary).Append("--\r\n").ToString() : body.ToString();
    }

    private static string JsonString(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c) || c is >= '\u007F' and <= '\u009F' or >= '\u2000')
            {
                json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"').ToString();
    }
}

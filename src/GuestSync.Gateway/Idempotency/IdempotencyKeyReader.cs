using GuestSync.Gateway.Forms;
using Microsoft.Extensions.Primitives;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// Reads a post's idempotency key, strictly, from the <c>Idempotency-Key</c> header (a Structured Field string as the
/// IETF httpapi draft has it, <c>"…"</c>; the bare form is accepted too) or from the profile's form field (default
/// <c>submissionId</c>), for HTML forms that cannot set headers. A key is 1 to 255 printable ASCII characters. Two
/// headers, a malformed header, or a header and a field that disagree are 400; problems never repeat the key.
/// </summary>
internal static class IdempotencyKeyReader
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 255;

    public static IdempotencyKeyRead Read(HttpRequest request, IReadOnlyDictionary<string, string> fields, string fieldName)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fields);
        string? fromHeader = null;
        if (request.Headers.TryGetValue(HeaderName, out var header))
        {
            var parsed = ParseHeader(header);
            if (parsed.Problem is not null)
            {
                return parsed;
            }

            fromHeader = parsed.Key;
        }

        if (!fields.TryGetValue(fieldName, out var fromField))
        {
            return new(fromHeader, null);
        }

        if (Check(fromField) is { } wrong)
        {
            return Invalid(fieldName, wrong);
        }

        return fromHeader is null || string.Equals(fromHeader, fromField, StringComparison.Ordinal)
            ? new(fromField, null)
            : Invalid(fieldName, $"differs from the {HeaderName} header; send one key");
    }

    private static IdempotencyKeyRead ParseHeader(StringValues header)
    {
        if (header.Count != 1)
        {
            return HeaderProblem($"Send one {HeaderName} header.");
        }

        var value = (header[0] ?? string.Empty).Trim(' ', '\t');
        if (!value.StartsWith('"'))
        {
            // The bare form: a token-like key without spaces, quotes, commas, semicolons or backslashes.
            return value.AsSpan().IndexOfAny(" \",;\\") >= 0
                ? HeaderProblem("The key must be a quoted string (\"…\") or a bare key without spaces, quotes, commas, semicolons or backslashes.")
                : Checked(value);
        }

        var key = new System.Text.StringBuilder(value.Length);
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (++i >= value.Length || value[i] is not ('"' or '\\'))
                {
                    return HeaderProblem("In a quoted key only \\\" and \\\\ may be escaped.");
                }

                key.Append(value[i]);
            }
            else if (c == '"')
            {
                return i == value.Length - 1
                    ? Checked(key.ToString())
                    : HeaderProblem("Nothing may follow the quoted key (no parameters, no second key).");
            }
            else
            {
                key.Append(c);
            }
        }

        return HeaderProblem("The quoted key has no closing quote.");
    }

    private static IdempotencyKeyRead Checked(string key) => Check(key) is { } wrong ? HeaderProblem($"The key {wrong}.") : new(key, null);

    /// <summary>What is wrong with a key, or null.</summary>
    private static string? Check(string key)
    {
        if (key.Length == 0)
        {
            return "must not be empty";
        }

        if (key.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
            {
                return "must be printable ASCII characters only";
            }
        }

        return null;
    }

    private static IdempotencyKeyRead HeaderProblem(string detail) =>
        new(null, new FormProblem(StatusCodes.Status400BadRequest, $"The {HeaderName} header is not valid.", detail));

    private static IdempotencyKeyRead Invalid(string fieldName, string message) =>
        new(null, FormProblems.InvalidFields(new Dictionary<string, string[]>(StringComparer.Ordinal) { [fieldName] = [message] }));
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Forms;

/// <summary>Decides from <c>Content-Type</c> which parser reads the body, or why none will.</summary>
internal static class FormContentType
{
    public const string UrlEncoded = "application/x-www-form-urlencoded";
    public const string Multipart = "multipart/form-data";
    public const string Json = "application/json";

    /// <summary>RFC 2046 caps a multipart boundary at 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    private const string Accepted = "Send " + UrlEncoded + ", " + Multipart + " or " + Json + ".";

    public static bool TryParse(
        string? contentType,
        out FormContentKind kind,
        out string? boundary,
        [NotNullWhen(false)] out FormProblem? problem)
    {
        kind = default;
        boundary = null;
        problem = null;

        // The two bare values browsers and fetch send most skip the header parser and its allocations.
        if (string.Equals(contentType, UrlEncoded, StringComparison.OrdinalIgnoreCase))
        {
            kind = FormContentKind.UrlEncoded;
            return true;
        }

        if (string.Equals(contentType, Json, StringComparison.OrdinalIgnoreCase))
        {
            kind = FormContentKind.Json;
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            problem = FormProblems.UnsupportedMediaType(Accepted);
            return false;
        }

        if (mediaType.Charset.HasValue && !IsUtf8(mediaType.Charset))
        {
            problem = FormProblems.UnsupportedMediaType("Only the UTF-8 charset is accepted.");
            return false;
        }

        if (mediaType.MediaType.Equals(UrlEncoded, StringComparison.OrdinalIgnoreCase))
        {
            kind = FormContentKind.UrlEncoded;
            return true;
        }

        if (mediaType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            kind = FormContentKind.Json;
            return true;
        }

        if (mediaType.MediaType.Equals(Multipart, StringComparison.OrdinalIgnoreCase))
        {
            var value = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
            if (value.Length is 0 or > MaxBoundaryLength)
            {
                problem = FormProblems.Malformed($"{Multipart} needs a boundary of 1 to {MaxBoundaryLength} characters.");
                return false;
            }

            kind = FormContentKind.Multipart;
            boundary = value.ToString();
            return true;
        }

        problem = FormProblems.UnsupportedMediaType(Accepted);
        return false;
    }

    public static bool IsUtf8(Microsoft.Extensions.Primitives.StringSegment charset)
    {
        var value = HeaderUtilities.RemoveQuotes(charset);
        return value.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || value.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}

using System.Text;
using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// An answer exactly as <see cref="AnswerWriter"/> wrote it: status, content type, the headers that carry meaning
/// (<c>Location</c>, <c>Retry-After</c>, <c>Allow</c>, <c>WWW-Authenticate</c>, an error page's <c>Content-Security-Policy</c>) and the gateway's own body. It never
/// holds a Genesys body or a submitted value, because an answer never does. Kept by the idempotency store to replay.
/// </summary>
internal sealed class RecordedAnswer
{
    /// <summary>The headers recorded with an answer, in the order they are written back.</summary>
    public static readonly string[] RecordedHeaders = [HeaderNames.Location, HeaderNames.RetryAfter, HeaderNames.Allow, HeaderNames.WWWAuthenticate, HeaderNames.ContentSecurityPolicy];

    public RecordedAnswer(int status, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        Status = status;
        ContentType = contentType;
        Headers = headers;
        Body = body;
    }

    public int Status { get; }

    public string? ContentType { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    /// <summary>The <c>Retry-After</c> the answer carried (delta-seconds, as the writer sends it), if any.</summary>
    public TimeSpan? RetryAfter => Headers.FirstOrDefault(h => h.Key == HeaderNames.RetryAfter).Value is { } value
        && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>What the response holds now, with <paramref name="body"/> as its body.</summary>
    public static RecordedAnswer Of(HttpResponse response, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new List<KeyValuePair<string, string>>(2);
        foreach (var name in RecordedHeaders)
        {
            if (response.Headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                headers.Add(new(name, value.ToString()));
            }
        }

        return new RecordedAnswer(response.StatusCode, response.ContentType, headers, body);
    }

    /// <summary>The headers as stored: one <c>Name: value</c> per line (the writer's header values hold no line break).</summary>
    public string HeadersText()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        return text.ToString();
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ParseHeaders(string? text)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon], line[(colon + 2)..]));
            }
        }

        return headers;
    }
}

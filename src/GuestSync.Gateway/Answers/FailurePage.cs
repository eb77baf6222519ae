using System.Text;
using System.Text.Encodings.Web;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// The minimal, accessible page a failed plain HTML post gets when its profile has no <c>ErrorUrl</c>: the problem's
/// title as heading, its detail, the fields at fault with the rule each broke, when to try again, and a way back.
/// Everything on it is the gateway's own text or a configured field name, HTML-encoded; never a submitted value.
/// </summary>
internal static class FailurePage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>Nothing loads but the page itself (the empty <c>data:</c> icon keeps browsers from asking for /favicon.ico).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <param name="fields">Field name → the rules it broke, for fields the profile configures.</param>
    /// <param name="back">Where the form was (an origin and path the profile trusts), or null: the page says how to go back.</param>
    public static string Render(SyncAnswer answer, IReadOnlyList<KeyValuePair<string, string[]>> fields, string? back)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(fields);
        var title = answer.Title.TrimEnd('.');
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        if (answer.RetryAfter is { } wait)
        {
            // The problem's detail speaks of the Retry-After header; a person is told the time instead.
            html.Append("<p>Nothing was changed. Please send the form again in ").Append(AnswerWriter.RetryAfterSeconds(wait))
                .Append(AnswerWriter.RetryAfterSeconds(wait) == 1 ? " second" : " seconds").Append(".</p>\n");
        }
        else if (answer.Detail is { Length: > 0 } detail && fields.Count == 0)
        {
            html.Append("<p>").Append(Encode(detail)).Append("</p>\n");
        }

        if (fields.Count > 0)
        {
            html.Append("<p>Please correct these fields:</p>\n<ul>\n");
            foreach (var (name, rules) in fields)
            {
                html.Append("<li><strong>").Append(Encode(name)).Append("</strong> ").Append(Encode(string.Join(" ", rules))).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append(back is null
            ? "<p>Use your browser's Back button to return to the form.</p>\n"
            : $"<p><a href=\"{Encode(back)}\">Back to the form</a></p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}

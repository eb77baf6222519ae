using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// Whether a post came from a browser's plain HTML form (no script): it accepts <c>text/html</c> and names no JSON type.
/// Such a post is answered with a redirect (<c>SuccessUrl</c>, <c>ErrorUrl</c>) or a page; every other client
/// (<c>fetch</c> asking for JSON, a server, <c>*/*</c>) gets the JSON body or <c>application/problem+json</c>.
/// </summary>
internal static class PlainFormPost
{
    public static bool WantsHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var html = false;
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            if (accept.Quality is 0)
            {
                continue;
            }

            if (accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = true;
            }
            else if (IsJson(accept))
            {
                return false;
            }
        }

        return html;
    }

    private static bool IsJson(MediaTypeHeaderValue accept) =>
        accept.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || accept.MediaType.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase);
}

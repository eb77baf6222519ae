using System.Text;
using System.Text.Encodings.Web;

namespace GuestSync.Gateway.Demo;

/// <summary>The page frame shared by the demo pages. Every value written into a page goes through <see cref="Encode"/>.</summary>
internal static class DemoHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>Only the gateway's own assets load; <c>img-src data:</c> admits the empty icon, so no /favicon.ico is asked for.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static string Page(string title, bool sandbox, string body)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<title>").Append(Encode(title)).Append(" · GuestSync</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(DemoAssets.StylePath).Append("\">\n")
            .Append("<script src=\"").Append(DemoAssets.ScriptPath).Append("\" defer></script>\n")
            .Append("</head>\n<body>\n<main>\n<header>\n<p class=\"brand\">GuestSync</p>\n");
        html.Append(sandbox
            ? "<p class=\"mode mode-sandbox\">Sandbox: not connected to Genesys Cloud. Updates go to an emulator inside the gateway.</p>\n"
            : "<p class=\"mode mode-live\">Live: updates go to the configured Genesys Cloud organization.</p>\n");
        html.Append("</header>\n").Append(body).Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes a demo page with headers that keep it self-contained: no external resource can load.</summary>
    public static Task WriteAsync(HttpContext context, int status, string page)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return response.WriteAsync(page, context.RequestAborted);
    }
}

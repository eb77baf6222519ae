using System.Text;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// Where a plain HTML post lands after a sync or a queued answer (the gateway's 303): the success, and in sandbox what
/// Genesys received; or, while the submission still waits in the outbox, "queued", and the page reloads itself every
/// few seconds until it is delivered.
/// </summary>
internal static class DemoResultPage
{
    public const int QueuedRefreshSeconds = 2;

    public static string Render(string? guestId, string? receivedSection, bool sandbox, DemoResult result)
    {
        var body = new StringBuilder();
        string title;
        switch (result)
        {
            case DemoResult.Queued:
                title = "Profile queued";
                body.Append("<meta http-equiv=\"refresh\" content=\"").Append(QueuedRefreshSeconds).Append("\">\n")
                    .Append("<h1>Profile queued</h1>\n<div id=\"result\" class=\"result result-queued\" role=\"status\" aria-live=\"polite\" data-queued>")
                    .Append("<p>Queued: Genesys Cloud cannot take the update right now, so the gateway stored it (encrypted values only)");
                AppendGuest(body, guestId);
                body.Append(" and will deliver it as soon as Genesys is back. This page checks again every ")
                    .Append(QueuedRefreshSeconds).Append(" seconds.</p></div>\n");
                break;
            case DemoResult.Saved:
                title = "Profile sent";
                body.Append("<h1>Profile sent</h1>\n<div id=\"result\" class=\"result result-success\" role=\"status\" aria-live=\"polite\">")
                    .Append("<p>Saved: Genesys Cloud accepted the update");
                AppendGuest(body, guestId);
                body.Append(".</p></div>\n");
                break;
            default:
                // Reached without a submission (a bookmark, a typed or shared link): nothing to confirm.
                title = "No update to show";
                body.Append("<h1>No update to show</h1>\n<div id=\"result\" class=\"result\" role=\"status\" data-unknown>")
                    .Append("<p>This page shows the outcome of a form sent from this browser a moment ago; there is none to show here.</p></div>\n");
                break;
        }

        if (receivedSection is not null)
        {
            body.Append(receivedSection);
        }

        body.Append("<p><a href=\"/\">Update ").Append(result == DemoResult.Unknown ? "a" : "another").Append(" guest</a></p>\n");
        return DemoHtml.Page(title, sandbox, body.ToString());
    }

    private static void AppendGuest(StringBuilder body, string? guestId)
    {
        if (!string.IsNullOrEmpty(guestId))
        {
            body.Append(" for guest <code>").Append(DemoHtml.Encode(guestId)).Append("</code>");
        }
    }
}

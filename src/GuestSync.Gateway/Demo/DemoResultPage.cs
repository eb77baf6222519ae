using System.Text;

namespace GuestSync.Gateway.Demo;

/// <summary>Where a plain HTML post lands after a sync (the gateway's 303): the success, and in sandbox what Genesys received.</summary>
internal static class DemoResultPage
{
    public static string Render(string? guestId, string? receivedSection, bool sandbox)
    {
        var body = new StringBuilder();
        body.Append("<h1>Profile sent</h1>\n<div id=\"result\" class=\"result result-success\" role=\"status\" aria-live=\"polite\">")
            .Append("<p>Saved: Genesys Cloud accepted the update");
        if (!string.IsNullOrEmpty(guestId))
        {
            body.Append(" for guest <code>").Append(DemoHtml.Encode(guestId)).Append("</code>");
        }

        body.Append(".</p></div>\n");
        if (receivedSection is not null)
        {
            body.Append(receivedSection);
        }

        body.Append("<p><a href=\"/\">Update another guest</a></p>\n");
        return DemoHtml.Page("Profile sent", sandbox, body.ToString());
    }
}

using System.Text;
using System.Text.Json.Nodes;
using GuestSync.Gateway.Sandbox;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// "What Genesys received" (sandbox only): the guest as the emulator stores it, each value as stored and, beside it,
/// its decryption with the sandbox key, so a person sees that what went over the wire was ciphertext.
/// </summary>
internal static class ReceivedGuestView
{
    /// <summary>The section with the table, or a note that the emulator holds no such guest.</summary>
    public static string RenderSection(string guestId, JsonObject? guest, SandboxValueDecryptor decryptor)
    {
        var html = new StringBuilder();
        html.Append("<section id=\"received\" aria-labelledby=\"received-title\">\n<h2 id=\"received-title\">What Genesys received</h2>\n");
        if (guest is null)
        {
            html.Append("<p>The emulator holds no guest <code>").Append(DemoHtml.Encode(guestId)).Append("</code>.</p>\n</section>\n");
            return html.ToString();
        }

        html.Append("<p>Guest <code>").Append(DemoHtml.Encode(guestId))
            .Append("</code> as the emulator stores it. Genesys only ever sees the stored column; the gateway decrypts it here with the sandbox key so you can check it.</p>\n")
            .Append("<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Stored in Genesys</th><th scope=\"col\">Decrypted with the sandbox key</th></tr></thead>\n<tbody>\n");
        foreach (var (name, value) in guest)
        {
            AppendRow(html, name, value, decryptor);
        }

        html.Append("</tbody>\n</table></div>\n</section>\n");
        return html.ToString();
    }

    public static string RenderPage(string guestId, JsonObject? guest, SandboxValueDecryptor decryptor) =>
        DemoHtml.Page("What Genesys received", sandbox: true,
            RenderSection(guestId, guest, decryptor) + "<p><a href=\"/\">Update another guest</a></p>\n");

    private static void AppendRow(StringBuilder html, string name, JsonNode? value, SandboxValueDecryptor decryptor)
    {
        var stored = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;
        var decryption = stored is null ? null : decryptor.TryDecrypt(stored);
        html.Append("<tr data-field=\"").Append(DemoHtml.Encode(name)).Append("\"><th scope=\"row\">").Append(DemoHtml.Encode(name)).Append("</th>")
            .Append("<td><code class=\"stored\">").Append(DemoHtml.Encode(stored ?? value?.ToJsonString() ?? "null")).Append("</code></td><td>");
        if (decryption is null)
        {
            html.Append("<span class=\"plain\">not encrypted</span>");
        }
        else
        {
            html.Append("<span class=\"decrypted\">").Append(DemoHtml.Encode(decryption.Plaintext)).Append("</span>")
                .Append("<span class=\"meta\">").Append(DemoHtml.Encode(decryption.Envelope)).Append(", key ").Append(DemoHtml.Encode(decryption.KeyId));
            if (decryption.Field is not null)
            {
                html.Append(", bound to ").Append(DemoHtml.Encode(decryption.Field));
            }

            html.Append("</span>");
        }

        html.Append("</td></tr>\n");
    }
}

using System.Text;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// The profile form as a site would serve it. Without script it is a plain HTML post (the gateway answers 303 to the
/// result page); demo.js turns it into a fetch whose answer is shown in the live region, errors beside their fields.
/// </summary>
internal static class DemoFormPage
{
    /// <param name="outage">In sandbox mode, whether the emulator's outage switch is on; null when live (no switch).</param>
    /// <param name="binding">The binding token the gateway minted for the page's guest (<c>Demo:MintBindingTokens</c>); the guest id is then fixed.</param>
    public static string Render(DemoFormState state, string formAction, bool sandbox, string keyField, bool? outage = null, (string FieldName, string Token)? binding = null)
    {
        var body = new StringBuilder();
        body.Append("<h1>Update a guest profile</h1>\n")
            .Append("<p class=\"lead\">This is the kind of form a website posts to the gateway. The gateway checks it, encrypts each value, ")
            .Append("and sends Genesys Cloud a JSON Patch with its own access token.</p>\n");
        body.Append("<div id=\"result\" class=\"result").Append(state.Summary is null ? string.Empty : " result-error")
            .Append("\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\">");
        if (state.Summary is not null)
        {
            body.Append("<p>").Append(DemoHtml.Encode(state.Summary)).Append("</p>");
        }

        body.Append("</div>\n");
        body.Append("<form id=\"profile-form\" method=\"post\" action=\"").Append(DemoHtml.Encode(formAction))
            .Append("\" novalidate data-received=\"").Append(sandbox ? "/demo/guests/" : string.Empty).Append("\">\n");
        var firstInvalid = DemoField.All.FirstOrDefault(field => state.Errors.ContainsKey(field.Name));
        foreach (var field in DemoField.All)
        {
            AppendField(body, field, state, autofocus: ReferenceEquals(field, firstInvalid), fixedValue: binding is not null && field.Name == "guestId");
        }

        if (binding is { } token)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(DemoHtml.Encode(token.FieldName)).Append("\" value=\"")
                .Append(DemoHtml.Encode(token.Token)).Append("\" data-binding-token>\n");
        }

        // One key per view of the form: every post of this view is one submission (see DemoSubmissionKey).
        body.Append("<input type=\"hidden\" name=\"").Append(DemoHtml.Encode(keyField)).Append("\" value=\"")
            .Append(DemoSubmissionKey.NewValue()).Append("\" data-idempotency-key>\n");
        body.Append("<button type=\"submit\">Send to Genesys</button>\n</form>\n");
        if (outage is { } on)
        {
            AppendOutageSwitch(body, on);
        }

        return DemoHtml.Page("Update a guest profile", sandbox, body.ToString());
    }

    /// <summary>The sandbox's outage switch: a plain form, so it works without script too.</summary>
    private static void AppendOutageSwitch(StringBuilder body, bool on)
    {
        body.Append("<section id=\"outage\" aria-labelledby=\"outage-title\">\n<h2 id=\"outage-title\">Try an outage</h2>\n")
            .Append("<p id=\"outage-state\" data-outage=\"").Append(on ? "on" : "off").Append("\">")
            .Append(on
                ? "The emulator is in an outage: Genesys answers every update with 503. Updates sent now are queued and delivered when it ends."
                : "The emulator answers normally. Switch on an outage to see an update queued, then delivered when it ends.")
            .Append("</p>\n<form method=\"post\" action=\"").Append(DemoOutage.Path).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"").Append(DemoOutage.FieldName).Append("\" value=\"").Append(on ? "false" : "true").Append("\">\n")
            .Append("<button type=\"submit\" id=\"outage-switch\">").Append(on ? "End the outage" : "Start an outage").Append("</button>\n</form>\n</section>\n");
    }

    private static void AppendField(StringBuilder body, DemoField field, DemoFormState state, bool autofocus, bool fixedValue)
    {
        var id = DemoHtml.Encode(field.Name);
        var errors = state.Errors.TryGetValue(field.Name, out var messages) ? messages : [];
        var describedBy = field.Hint is null ? $"{id}-error" : $"{id}-hint {id}-error";
        body.Append("<div class=\"field\">\n<label for=\"").Append(id).Append("\">").Append(DemoHtml.Encode(field.Label)).Append("</label>\n");
        if (field.Hint is not null)
        {
            body.Append("<p class=\"hint\" id=\"").Append(id).Append("-hint\">").Append(DemoHtml.Encode(field.Hint)).Append("</p>\n");
        }

        body.Append("<input id=\"").Append(id).Append("\" name=\"").Append(id).Append("\" type=\"").Append(field.Type)
            .Append("\" autocomplete=\"").Append(field.Autocomplete).Append("\" required aria-describedby=\"").Append(describedBy).Append('"')
            .Append(" value=\"").Append(DemoHtml.Encode(state.Values.GetValueOrDefault(field.Name))).Append('"');
        if (errors.Length > 0)
        {
            body.Append(" aria-invalid=\"true\"");
        }

        if (fixedValue)
        {
            // The binding token names this guest: another id would be refused.
            body.Append(" readonly");
        }

        if (autofocus)
        {
            // Without script, the page that lists the errors puts the cursor on the first field to correct.
            body.Append(" autofocus");
        }

        body.Append(">\n<p class=\"error\" id=\"").Append(id).Append("-error\"").Append(errors.Length > 0 ? string.Empty : " hidden").Append('>')
            .Append(DemoHtml.Encode(string.Join(" ", errors))).Append("</p>\n</div>\n");
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// Post/Redirect/Get for the demo form without script. A failed post is answered 303 to <c>/?form=&lt;view&gt;</c>,
/// and what the person typed and the errors travel in a short-lived cookie in their own browser, encrypted and signed
/// with a key that lives only in this process (never in a URL, a log or a store); the GET shows the form with them,
/// and a reload shows it again without posting. A sync is answered 303 to the result page with a receipt for the
/// guest, so that page says "Saved" only for a submission this gateway really synced.
/// </summary>
internal sealed class DemoFormFlash
{
    public const string CookieName = "guestsync-demo-form";
    public const string ViewParameter = "form";
    public const string ReceiptParameter = "receipt";

    /// <summary>How long the form with errors can be shown again (and a receipt stays good).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Browsers drop larger cookies; a bigger form comes back with its errors but without its values.</summary>
    private const int MaxCookieLength = 3800;

    private readonly ITimeLimitedDataProtector _forms;
    private readonly ITimeLimitedDataProtector _receipts;

    public DemoFormFlash()
    {
        var provider = new EphemeralDataProtectionProvider();
        _forms = provider.CreateProtector("GuestSync.Demo.Form").ToTimeLimitedDataProtector();
        _receipts = provider.CreateProtector("GuestSync.Demo.Receipt").ToTimeLimitedDataProtector();
    }

    /// <summary>Keeps <paramref name="state"/> for the next GET and returns where to send the browser.</summary>
    public string Keep(HttpResponse response, DemoFormState state)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(state);
        var view = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var value = Protect(view, state, withValues: true);
        if (value.Length > MaxCookieLength)
        {
            value = Protect(view, state, withValues: false);
        }

        response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = Lifetime,
            IsEssential = true,
        });
        return "/?" + ViewParameter + "=" + view;
    }

    /// <summary>The state kept for <paramref name="view"/> in this browser; null when there is none (or it expired).</summary>
    public DemoFormState? Read(HttpRequest request, string? view)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(view) || !request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var kept = JsonNode.Parse(_forms.Unprotect(value))!.AsObject();
            return kept["view"]?.GetValue<string>() == view ? ToState(kept) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>A proof, for the result page, that this gateway answered a post for <paramref name="guestId"/> with success.</summary>
    public string Receipt(string guestId) => _receipts.Protect(guestId, Lifetime);

    public bool IsReceiptFor(string? receipt, string? guestId)
    {
        if (string.IsNullOrEmpty(receipt) || string.IsNullOrEmpty(guestId))
        {
            return false;
        }

        try
        {
            return string.Equals(_receipts.Unprotect(receipt), guestId, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private string Protect(string view, DemoFormState state, bool withValues)
    {
        var values = new JsonObject();
        if (withValues)
        {
            foreach (var field in DemoField.All)
            {
                if (state.Values.TryGetValue(field.Name, out var typed))
                {
                    values[field.Name] = typed;
                }
            }
        }

        var errors = new JsonObject();
        foreach (var (name, messages) in state.Errors)
        {
            errors[name] = new JsonArray(messages.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        }

        var kept = new JsonObject { ["view"] = view, ["summary"] = state.Summary, ["values"] = values, ["errors"] = errors };
        return _forms.Protect(kept.ToJsonString(), Lifetime);
    }

    private static DemoFormState ToState(JsonObject kept)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in kept["values"]!.AsObject())
        {
            values[name] = value?.GetValue<string>() ?? string.Empty;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, messages) in kept["errors"]!.AsObject())
        {
            errors[name] = messages!.AsArray().Select(m => m?.GetValue<string>() ?? string.Empty).ToArray();
        }

        return new DemoFormState(values, errors, kept["summary"]?.GetValue<string>());
    }
}

using System.Text.Json;
using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Proxy;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// Makes the demo form work without script. A plain HTML post of it (<c>Accept: text/html</c>, url-encoded, to
/// <see cref="DemoOptions.FormAction"/>) that the gateway answers with 303 to the demo result page gets the guest id
/// and a receipt added to the redirect, and one it answers with a 200 (a profile without <c>SuccessUrl</c>) is redirected
/// there; one it answers with a problem is redirected (303) to the form, which shows the values typed and each error
/// beside its field (<see cref="DemoFormFlash"/>), so a reload never posts again. Other requests pass through untouched.
/// </summary>
internal sealed class DemoHtmlPostMiddleware
{
    private readonly RequestDelegate _next;
    private readonly string _formAction;
    private readonly DemoFormFlash _flash;

    public DemoHtmlPostMiddleware(RequestDelegate next, string formAction, DemoFormFlash flash)
    {
        _next = next ?? throw new ArgumentNullException(nameof(next));
        _formAction = formAction ?? throw new ArgumentNullException(nameof(formAction));
        _flash = flash ?? throw new ArgumentNullException(nameof(flash));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsHtmlFormPost(context.Request))
        {
            await _next(context);
            return;
        }

        context.Request.EnableBuffering();
        // The failure comes back as problem+json, to be shown beside the fields, not as the gateway's own error page.
        context.Features.Set(ProblemJsonFeature.Instance);
        context.Response.OnStarting(() =>
        {
            AddGuestToResultRedirect(context);
            return Task.CompletedTask;
        });

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await _next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 400 && IsProblem(context.Response.ContentType))
        {
            await RedirectToFormWithErrorsAsync(context, buffer);
            return;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK && context.Features.Get<ProfileSyncFeature>() is { } synced)
        {
            // The profile has no SuccessUrl (a live gateway with the demo on): a person still lands on a page, not on JSON.
            RedirectToResult(context.Response, synced.GuestId);
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private bool IsHtmlFormPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && string.Equals(request.Path.Value, _formAction, StringComparison.OrdinalIgnoreCase)
        && request.HasFormContentType
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static bool IsProblem(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase);

    private void AddGuestToResultRedirect(HttpContext context)
    {
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status303SeeOther
            && string.Equals(response.Headers.Location.ToString(), SandboxHostingExtensions.DemoResultPath, StringComparison.Ordinal)
            && context.Features.Get<ProfileSyncFeature>() is { } sync)
        {
            response.Headers.Location = ResultLocation(sync.GuestId);
        }
    }

    /// <summary>The result page for the guest, with a receipt: only a post this gateway answered with success gets one.</summary>
    private string ResultLocation(string guestId) =>
        QueryHelpers.AddQueryString(SandboxHostingExtensions.DemoResultPath, new Dictionary<string, string?>
        {
            ["guestId"] = guestId,
            [DemoFormFlash.ReceiptParameter] = _flash.Receipt(guestId),
        });

    private void RedirectToResult(HttpResponse response, string guestId)
    {
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = ResultLocation(guestId);
        response.Headers.Remove(HeaderNames.ContentLength);
        response.ContentType = null;
    }

    /// <summary>Post/Redirect/Get: 303 to the form, which shows what was typed and the errors (kept by <see cref="DemoFormFlash"/>).</summary>
    private async Task RedirectToFormWithErrorsAsync(HttpContext context, MemoryStream problemBody)
    {
        var (summary, errors) = ReadProblem(problemBody);
        var values = await ReadPostedValuesAsync(context.Request);
        var response = context.Response;
        var retryAfter = response.Headers.RetryAfter.ToString();
        response.Headers.Remove(HeaderNames.ContentLength);
        response.Headers.Remove(HeaderNames.WWWAuthenticate);
        response.Headers.Remove(HeaderNames.Allow);
        response.ContentType = null;
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = _flash.Keep(response, new DemoFormState(values, errors, WithRetryAfter(summary, retryAfter)));
    }

    private static string WithRetryAfter(string summary, string retryAfter) =>
        retryAfter.Length == 0 ? summary : $"{summary.TrimEnd('.')}. Please try again in {retryAfter} s.";

    private static (string Summary, Dictionary<string, string[]> Errors) ReadProblem(MemoryStream body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var summary = "The gateway could not send the update.";
        try
        {
            using var problem = JsonDocument.Parse(body.ToArray());
            var root = problem.RootElement;
            if (root.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } text)
            {
                summary = text;
            }

            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.GetString() ?? string.Empty).ToArray()
                        : [];
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable problem still gets the general summary.
        }

        return (errors.Count > 0 ? $"{summary} Please correct the fields marked below." : summary, errors);
    }

    /// <summary>The values the person typed, so they need not type them again; none when the post cannot be re-read.</summary>
    private static async Task<Dictionary<string, string>> ReadPostedValuesAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return values;
        }

        try
        {
            request.Body.Position = 0;
            using var reader = new FormReader(request.Body);
            foreach (var (name, value) in await reader.ReadFormAsync(request.HttpContext.RequestAborted))
            {
                values[name] = value.ToString();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ObjectDisposedException)
        {
            // The form is shown empty rather than not at all.
        }

        return values;
    }
}

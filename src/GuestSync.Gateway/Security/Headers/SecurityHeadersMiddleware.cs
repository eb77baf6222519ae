using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Security.Headers;

/// <summary>
/// Headers every answer carries: <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c>;
/// profile-sync answers are also <c>Cache-Control: no-store</c>. No <c>Server</c> banner is ever sent.
/// </summary>
internal sealed class SecurityHeadersMiddleware
{
    private readonly RequestDelegate _next;

    public SecurityHeadersMiddleware(RequestDelegate next)
    {
        _next = next ?? throw new ArgumentNullException(nameof(next));
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.Remove(HeaderNames.Server);
            if (ProfileRoutes.TryGetProfileName(http, out _))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return _next(context);
    }
}

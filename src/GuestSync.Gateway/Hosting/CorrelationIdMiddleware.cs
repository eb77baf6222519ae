namespace GuestSync.Gateway.Hosting;

/// <summary>
/// Gives every response an <c>X-Correlation-Id</c>, the same id problem bodies carry as <c>correlationId</c>
/// and log scopes carry, so a user's report can be matched to the gateway's logs.
/// </summary>
internal sealed class CorrelationIdMiddleware
{
    public const string HeaderName = "X-Correlation-Id";
    private readonly RequestDelegate _next;

    public CorrelationIdMiddleware(RequestDelegate next)
    {
        _next = next ?? throw new ArgumentNullException(nameof(next));
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[HeaderName] = context.TraceIdentifier;
        return _next(context);
    }
}

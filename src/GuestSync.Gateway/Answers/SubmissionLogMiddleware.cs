namespace GuestSync.Gateway.Answers;

/// <summary>
/// Starts the <see cref="SubmissionRecord"/> of a request to a profile-sync route as it arrives, before the rate
/// limiter and the origin check can answer it, so every answer's line has its profile, organization and duration.
/// Costs a route lookup and nothing more when the line is not logged.
/// </summary>
internal sealed class SubmissionLogMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SubmissionLog _log;

    public SubmissionLogMiddleware(RequestDelegate next, SubmissionLog log)
    {
        _next = next ?? throw new ArgumentNullException(nameof(next));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _log.Begin(context);
        return _next(context);
    }
}

using Microsoft.AspNetCore.Mvc;

namespace GuestSync.Gateway.Problems;

/// <summary>
/// Writes RFC 9457 <c>application/problem+json</c> answers. Titles and details are fixed sentences of the
/// gateway's own: never a submitted value, a Genesys body, a token or an exception message.
/// </summary>
internal static class GatewayProblems
{
    public static Task WriteAsync(
        HttpContext context,
        int status,
        string title,
        string? detail = null,
        IDictionary<string, string[]>? errors = null,
        TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        ProblemDetails problem = errors is { Count: > 0 }
            ? new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail }
            : new ProblemDetails { Status = status, Title = title, Detail = detail };
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>Whole seconds, rounded up, at least 1: a client told 0 would come straight back.</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}

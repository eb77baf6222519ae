using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.RateLimiting;

namespace GuestSync.Emulator.OAuth;

/// <summary>The checks every API call passes first: a live bearer token, then its rate limit.</summary>
internal sealed class ApiAccess(TokenStore tokens, TokenRateLimiter rateLimiter)
{
    /// <summary>
    /// Returns true when the request may proceed; otherwise the 401 or 429 has been written. Either way, once the
    /// token is known its window goes on the answer (<see cref="EmulatorRequest.RateLimit"/>).
    /// </summary>
    public bool TryAuthorize(HttpContext http, EmulatorRequest request, out Task rejection)
    {
        rejection = Task.CompletedTask;
        var accessToken = BearerToken.Parse(http.Request.Headers.Authorization);
        if (accessToken is null)
        {
            rejection = GenesysErrors.WriteAsync(http, request, StatusCodes.Status401Unauthorized, GenesysErrorCodes.AuthenticationRequired, "No authentication bearer token specified in authorization header.");
            return false;
        }

        var token = tokens.Find(accessToken);
        if (token is null)
        {
            rejection = GenesysErrors.WriteAsync(http, request, StatusCodes.Status401Unauthorized, GenesysErrorCodes.BadCredentials, "Invalid login credentials.");
            return false;
        }

        var acquired = rateLimiter.TryAcquire(token, out var window);
        request.RateLimit = window;
        if (!acquired)
        {
            rejection = GenesysErrors.WriteTooManyRequestsAsync(http, request, window!.Value.ResetSeconds);
            return false;
        }

        return true;
    }

    /// <summary>Puts the window of the request's token, if live, on the answer without counting (injected faults).</summary>
    public void ReportRateLimit(HttpContext http, EmulatorRequest request)
    {
        if (BearerToken.Parse(http.Request.Headers.Authorization) is { } accessToken && tokens.Find(accessToken) is { } token)
        {
            request.RateLimit = rateLimiter.Peek(token);
        }
    }
}

using System.Net;
using Polly;
using Polly.Timeout;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// The one list of what is worth trying again: 408, 429, 500, 502, 503, 504, transport errors and attempt timeouts.
/// Never 400, 401 (the token renewal handles it, once), 403, 404, 409, 422.
/// </summary>
internal static class TransientFailures
{
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    /// <summary>What counts against the breaker: the service failing, not it asking us to slow down (429).</summary>
    public static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        IsTransient(outcome) && outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests };
}

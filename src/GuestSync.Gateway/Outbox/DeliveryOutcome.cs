using System.Net;
using GuestSync.Gateway.Genesys;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace GuestSync.Gateway.Outbox;

/// <summary>What one send means for the item: delivered, given up (a permanent Genesys answer), or to try again,
/// with the wait Genesys or the chain asked for when they said one.</summary>
internal sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, int Status, string? Error, string? GenesysCorrelationId, TimeSpan? RetryAfter)
{
    /// <summary>
    /// The failure concerns this item only (one entity of a bulk request that Genesys answered): it waits its own backoff and
    /// does not pause the organization's backlog.
    /// </summary>
    public bool ItemOnly { get; init; }

    public static DeliveryOutcome Of(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var correlationId = Genesys.GenesysCorrelationId.Of(response);
        var kind = response.StatusCode switch
        {
            _ when response.IsSuccessStatusCode => DeliveryOutcomeKind.Delivered,
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => DeliveryOutcomeKind.Permanent,
            _ => DeliveryOutcomeKind.Retry,
        };
        return new DeliveryOutcome(kind, status, kind == DeliveryOutcomeKind.Delivered ? null : response.ReasonPhrase, correlationId,
            kind == DeliveryOutcomeKind.Retry ? RetryAfterHeader(response, timeProvider) : null);
    }

    /// <summary>A send that got no answer: each of the chain's refusals may pass; its own wait is honoured.</summary>
    public static DeliveryOutcome Of(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        for (var exception = failure; exception is not null; exception = exception.InnerException)
        {
            TimeSpan? wait = exception switch
            {
                GenesysUnavailableException unavailable => unavailable.RetryAfter,
                BrokenCircuitException broken => broken.RetryAfter,
                RateLimiterRejectedException throttled => throttled.RetryAfter,
                _ => null,
            };
            if (wait is not null || exception is BrokenCircuitException or RateLimiterRejectedException or TimeoutRejectedException)
            {
                return new DeliveryOutcome(DeliveryOutcomeKind.Retry, 0, exception.GetType().Name, null, wait);
            }
        }

        return new DeliveryOutcome(DeliveryOutcomeKind.Retry, 0, failure.GetType().Name, null, null);
    }

    private static TimeSpan? RetryAfterHeader(HttpResponseMessage response, TimeProvider timeProvider) =>
        response.Headers.RetryAfter is null ? null : Genesys.RetryAfter.Of(response, timeProvider);
}

internal enum DeliveryOutcomeKind
{
    Delivered,
    Permanent,
    Retry,
}

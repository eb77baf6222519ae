namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Sends one stored request to an organization's Genesys API through the SAME chain as the live path: body
/// replay, the resilience pipeline (throttle, shared cool-down, pacing, breaker), bearer token with one 401
/// renewal. Answers with Genesys's response, or throws the chain's exceptions
/// (<c>GenesysUnavailableException</c>, <c>BrokenCircuitException</c>,
/// <c>RateLimiterRejectedException</c>, <c>TimeoutRejectedException</c>, <see cref="HttpRequestException"/>),
/// each of which may pass.
/// </summary>
internal interface IGenesysSender
{
    Task<HttpResponseMessage> SendAsync(string org, OutboxRequest request, CancellationToken cancellationToken);
}

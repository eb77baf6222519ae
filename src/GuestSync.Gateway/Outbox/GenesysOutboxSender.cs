using GuestSync.Gateway.Genesys;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The real <see cref="IGenesysSender"/>: the stored request, byte for byte, through <see cref="GenesysPatchSender"/>,
/// that is through the live path's own handler chain (body replay, the organization's resilience pipeline with its
/// throttle, shared cool-down and rate budget, bearer token with one 401 renewal). The deliverer's cancellation stops
/// the pipeline too (<see cref="SendStop"/>).
/// </summary>
internal sealed class GenesysOutboxSender : IGenesysSender
{
    private readonly GenesysPatchSender _sender;

    public GenesysOutboxSender(GenesysPatchSender sender)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
    }

    public Task<HttpResponseMessage> SendAsync(string org, OutboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _sender.SendAsync(org, new HttpMethod(request.Method), request.Body, request.ContentType, request.PathAndQuery, cancellationToken);
    }
}

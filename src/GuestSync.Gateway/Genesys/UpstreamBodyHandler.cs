namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The outermost outgoing handler of a Genesys cluster: swaps YARP's one-shot request content for the
/// built patch (<see cref="UpstreamBody"/>), so every attempt below it sends the identical bytes.
/// </summary>
internal sealed class UpstreamBodyHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(UpstreamBody.OptionsKey, out var body))
        {
            request.Content = body.CreateContent();
        }

        return base.SendAsync(request, cancellationToken);
    }
}

using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// YARP's outgoing client, with the Genesys handlers added for clusters marked <c>GenesysOrg</c>:
/// the replayable body, the organization's resilience pipeline, then the bearer token (per attempt). Other clusters are forwarded as YARP does by itself.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly GenesysTokenProvider _tokens;
    private readonly GenesysResilienceRegistry _resilience;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;

    public GatewayForwarderHttpClientFactory(
        GenesysTokenProvider tokens,
        GenesysResilienceRegistry resilience,
        GatewayMetrics metrics,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
        : base(loggerFactory.CreateLogger<ForwarderHttpClientFactory>())
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _loggerFactory = loggerFactory;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        handler = base.WrapHandler(context, handler);
        if (!GenesysClusterMetadata.TryGetOrg(context.NewMetadata, out var org))
        {
            return handler;
        }

        var auth = new GenesysAuthHandler(org, _tokens, _loggerFactory.CreateLogger<GenesysAuthHandler>()) { InnerHandler = handler };
        var resilience = new GenesysResilienceHandler(org, _resilience, _metrics, _timeProvider) { InnerHandler = auth };
        return new UpstreamBodyHandler { InnerHandler = resilience };
    }
}
